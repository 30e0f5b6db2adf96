namespace Magg.Orleans.Quicklook.Reports;

/// <summary>How <see cref="RunReportWriter"/> draws the map of a report.</summary>
public sealed record RunReportOptions
{
    /// <summary>Draw the map at all (reading the store's chunks).</summary>
    public bool IncludeMap { get; init; } = true;

    /// <summary>Why there is no map when <see cref="IncludeMap"/> is false (shown in the page).</summary>
    public string? MapSkippedReason { get; init; }

    /// <summary>The variable to map; null: the first floating-point variable whose name has <c>mean</c>, else the first one.</summary>
    public string? MapVariable { get; init; }

    /// <summary>The group to map; null: the store's only HEALPix group.</summary>
    public string? MapGroup { get; init; }

    /// <summary>Map width in pixels.</summary>
    public int MapWidth { get; init; } = 900;

    /// <summary>Map height in pixels.</summary>
    public int MapHeight { get; init; } = 720;

    /// <summary>Chunks read at once while drawing the map (a store on S3 reads one request per chunk with data).</summary>
    public int MapReadConcurrency { get; init; } = 16;

    /// <summary>Failure rows shown in the page (all of them are in the JSON).</summary>
    public int MaxFailureRows { get; init; } = 1000;
}
