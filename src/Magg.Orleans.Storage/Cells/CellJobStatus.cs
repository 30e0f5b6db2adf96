namespace Magg.Orleans.Storage.Cells;

/// <summary>How one attempt at a cell ended.</summary>
public enum CellJobStatus
{
    /// <summary>Aggregated and its chunk written.</summary>
    Written,
    /// <summary>A stamp with the same fingerprint says the chunk is already written: nothing was read.</summary>
    UpToDate,
    /// <summary>No granules, or no data after filtering: nothing but coordinates to write, not an error.</summary>
    Empty,
    /// <summary>The cell failed; see <see cref="CellJobResult.Retryable"/>.</summary>
    Failed,
}
