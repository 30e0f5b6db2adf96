namespace Magg.Orleans.Grains.Hosting;

/// <summary>Names of the grain storage providers the grains use.</summary>
public static class MaggStorage
{
    /// <summary>Run grains: header, status and per-batch counts.</summary>
    public const string Runs = "magg-runs";

    /// <summary>Batch grains: their cells' plan and states.</summary>
    public const string Batches = "magg-batches";

    /// <summary>Cell grains: the fingerprint and outcome behind each chunk.</summary>
    public const string Cells = "magg-cells";
}
