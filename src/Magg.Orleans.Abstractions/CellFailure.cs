namespace Magg.Orleans;

/// <summary>A granule, or one group (beam) of it, that a cell could not read.</summary>
/// <param name="GranuleIndex">Position of the granule in the cell's planned granule list (<see cref="PlannedCell.Granules"/>), -1 when unknown;
/// an index keeps the persisted outcome small whatever the granules' names.</param>
/// <param name="Group">The group, or null when the whole granule failed.</param>
/// <param name="Reason">Why (bounded in length).</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellFailure")]
public sealed record CellFailure(int GranuleIndex, string? Group, string Reason);
