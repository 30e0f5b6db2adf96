using Magg.Orleans.Client;
using Microsoft.Extensions.Time.Testing;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>Client calls ride out a silo or gateway being lost, and only that.</summary>
public sealed class ClusterCallRetryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Execute_PathFailuresThenAnswer_ReturnsTheAnswer()
    {
        var calls = 0;
        var retry = new ClusterCallRetry(_time, TimeSpan.FromMinutes(2));

        var answer = await RunAsync(retry.ExecuteAsync(() => ++calls switch
        {
            1 => throw new SiloUnavailableException("the silo died"),
            2 => throw new TimeoutException("no response"),
            _ => Task.FromResult(42),
        }, TestContext.Current.CancellationToken));

        Assert.Equal((42, 3), (answer, calls));
    }

    [Fact]
    public async Task Execute_GrainError_IsThrownAtOnce()
    {
        var calls = 0;
        var retry = new ClusterCallRetry(_time, TimeSpan.FromMinutes(2));

        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(retry.ExecuteAsync<int>(() =>
        {
            calls++;
            throw new InvalidOperationException("Run r already exists with a different plan");
        }, TestContext.Current.CancellationToken)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Execute_PathFailingLongerThanTheBudget_ThrowsTheLastFailure()
    {
        var calls = 0;
        var retry = new ClusterCallRetry(_time, TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => RunAsync(retry.ExecuteAsync<int>(() =>
            throw new SiloUnavailableException($"attempt {++calls}"), TestContext.Current.CancellationToken)));

        Assert.InRange(calls, 15, 61);
        Assert.Equal($"attempt {calls}", error.Message);
    }

    /// <summary>Lets fake time pass (a second per step) until <paramref name="task"/> ends.</summary>
    private async Task<T> RunAsync<T>(Task<T> task)
    {
        for (var step = 0; !task.IsCompleted && step < 10_000; step++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        return await task;
    }
}
