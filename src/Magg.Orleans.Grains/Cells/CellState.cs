namespace Magg.Orleans.Grains.Cells;

/// <summary>Persisted per cell grain (store x parent cell). Small on purpose.</summary>
[GenerateSerializer, Alias("Magg.Orleans.Grains.CellState")]
public sealed class CellState
{
    /// <summary>Fingerprint of the inputs behind the recorded outcome; equal inputs mean there is nothing to do.</summary>
    [Id(0)] public string? Fingerprint { get; set; }

    /// <summary>Written or Empty.</summary>
    [Id(1)] public CellStatus Status { get; set; }

    /// <summary>The recorded outcome.</summary>
    [Id(2)] public CellMetadata? Metadata { get; set; }

    /// <summary>The run that produced it.</summary>
    [Id(3)] public string? RunId { get; set; }

    /// <summary>When the chunk was written.</summary>
    [Id(4)] public DateTimeOffset? WrittenAt { get; set; }
}
