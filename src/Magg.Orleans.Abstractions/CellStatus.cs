namespace Magg.Orleans;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>Aggregated and its chunk written.</summary>
    Written,
    /// <summary>Its inputs were unchanged since its chunk was written: nothing was read.</summary>
    UpToDate,
    /// <summary>No granules, or no data after filtering: nothing to write, not an error.</summary>
    Empty,
    /// <summary>The cell failed; see <see cref="CellReport.Retryable"/>.</summary>
    Failed,
    /// <summary>The run ended before the cell was processed (cancelled or failed runs).</summary>
    NotProcessed,
    /// <summary>The run reads with its client's Earthdata credentials and none are held now (the silo holding them was lost):
    /// the cell did nothing and waits, pending, until the client supplies them again.</summary>
    NeedsCredentials,
}
