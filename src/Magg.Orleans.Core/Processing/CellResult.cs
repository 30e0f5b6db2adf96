using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Core.Processing;

/// <summary>The child table of a parent cell (null when there is nothing to write) and its outcome.</summary>
public sealed record CellResult(ChildTable? Table, CellOutcome Outcome);
