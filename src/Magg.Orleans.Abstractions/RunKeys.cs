using System.Globalization;

namespace Magg.Orleans;

/// <summary>Grain keys of a run's grains.</summary>
public static class RunKeys
{
    /// <summary>The key of batch <paramref name="index"/> of run <paramref name="runId"/>.</summary>
    public static string Batch(string runId, int index) => string.Create(CultureInfo.InvariantCulture, $"{runId}/{index}");
}
