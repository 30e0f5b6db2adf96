namespace Magg.Orleans.Storage.Cells;

/// <summary>A recorded granule or group failure of a cell.</summary>
/// <param name="Granule">Position of the granule in the cell's granule list (-1 when it is not in the list).</param>
/// <param name="Group">The group (beam), or null when the whole granule failed.</param>
/// <param name="Reason">Why, at most <see cref="CellRecord.MaxTextLength"/> characters.</param>
public sealed record CellRecordFailure(int Granule, string? Group, string Reason);
