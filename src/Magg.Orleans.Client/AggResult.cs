namespace Magg.Orleans.Client;

/// <summary>What <c>agg()</c> returns: a <see cref="DryRunResult"/> or a <see cref="RunResult"/>.</summary>
public abstract record AggResult;

/// <summary>A dry run: what would be processed. Nothing was touched.</summary>
/// <param name="TotalCells">Cells the run would process.</param>
/// <param name="GranulesPerCellMin">Fewest granules of a cell.</param>
/// <param name="GranulesPerCellMax">Most granules of a cell.</param>
/// <param name="GranulesPerCellAvg">Mean granules per cell.</param>
/// <param name="StorePath">The store the run would write.</param>
/// <param name="Lambda">For the lambda backend: what the run would bill, estimated from granules per cell.</param>
public sealed record DryRunResult(int TotalCells, int GranulesPerCellMin, int GranulesPerCellMax, double GranulesPerCellAvg, string StorePath,
    LambdaEstimate? Lambda = null) : AggResult;

/// <summary>A finished run.</summary>
/// <param name="Summary">The run's summary with per-cell results.</param>
public sealed record RunResult(RunSummary Summary) : AggResult;
