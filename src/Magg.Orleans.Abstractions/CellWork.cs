namespace Magg.Orleans;

/// <summary>One parent cell to aggregate into its chunk.</summary>
/// <param name="Context">The run's shared context.</param>
/// <param name="Cell">The cell as planned.</param>
/// <param name="Attempt">1 for the first dispatch, then counting retries and re-dispatches.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellWork")]
public sealed record CellWork(RunContext Context, PlannedCell Cell, int Attempt);
