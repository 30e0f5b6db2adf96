namespace Magg.Orleans.Storage.Cells;

/// <summary>How a cell attempt ended and its outcome.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Record">The outcome (for <see cref="CellJobStatus.UpToDate"/>, the recorded one).</param>
/// <param name="Retryable">For failures: whether trying again may succeed.</param>
/// <param name="Recorded">True when the store holds a stamp for this outcome (a grain may trust it next time without a read).</param>
public sealed record CellJobResult(CellJobStatus Status, CellRecord Record, bool Retryable, bool Recorded);
