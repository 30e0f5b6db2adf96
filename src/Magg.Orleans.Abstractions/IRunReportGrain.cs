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

    /// <summary>The run's report as written in its store: the page (<paramref name="json"/> false) or the JSON; null when there is none.</summary>
    [Alias("Read")]
    Task<byte[]?> Read(bool json);

    /// <summary>A quicklook map (PNG) of the run's store: <paramref name="variable"/> (null: the first mean-like variable), at most 2000 x 2000 pixels.</summary>
    /// <exception cref="ArgumentException">No such variable, or a bad size; the message lists what there is.</exception>
    [Alias("RenderMap")]
    Task<byte[]> RenderMap(string? variable, int width, int height);
}
