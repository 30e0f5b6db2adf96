namespace Magg.Orleans.Benchmarks;

/// <summary>Samples <see cref="Environment.WorkingSet"/> on a timer and keeps the largest value.</summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _sampling;

    public WorkingSetSampler(TimeSpan period) => _sampling = SampleAsync(period, _stop.Token);

    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        return await _sampling.ConfigureAwait(false);
    }

    public void Dispose() => _stop.Dispose();

    private static async Task<long> SampleAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        var peak = Environment.WorkingSet;
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return Math.Max(peak, Environment.WorkingSet);
    }
}
