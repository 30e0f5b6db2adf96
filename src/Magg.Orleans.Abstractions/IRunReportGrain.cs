using Orleans.Concurrency;

namespace Magg.Orleans;

/// <summary>
/// Writes a finished run's report into its store (key: run id): pages through the run's batches for the per-cell rows,
/// then renders the page and map off the grain's turn, and tells the run where the report is.
/// </summary>
[Alias("Magg.Orleans.IRunReportGrain")]
public interface IRunReportGrain : IGrainWithStringKey
{
    /// <summary>Writes the report of <paramref name="job"/>; returns at once (the run hears back through <see cref="IRunGrain.OnReportWritten"/>).</summary>
    [OneWay, Alias("Write")]
    Task Write(RunReportJob job);
}
