using Magg.Orleans.Grains.Security;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// The silo's cell slots on their own: no more cells at once than the limit (the next starts when one ends), work past
/// the deadline is cancelled and fails with the deadline's message even when it ignores its token, and a slot is freed
/// however the work ends.
/// </summary>
public sealed class CellSlotsTests
{
    [Fact]
    public async Task RunAsync_MoreCellsThanSlots_RunsNoMoreAtOnce_AndTheNextStartsWhenOneEnds()
    {
        using var slots = Slots(TimeSpan.FromMinutes(5), maxConcurrent: 2);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async Task<int> Work(CancellationToken _)
        {
            Interlocked.Increment(ref started);
            return await release.Task;
        }

        var running = Enumerable.Range(0, 3).Select(i => slots.RunAsync(i, Work)).ToArray();
        await Eventually.HoldsAsync(() => Volatile.Read(ref started) == 2, "two cells starting", TimeSpan.FromSeconds(30));

        Assert.Equal(2, slots.Busy);
        Assert.Equal(2, Volatile.Read(ref started));
        release.SetResult(7);
        var results = await Task.WhenAll(running);
        Assert.Equal([7, 7, 7], results);
        Assert.Equal(3, started);
        Assert.Equal(0, slots.Busy);
    }

    [Fact]
    public async Task RunAsync_WorkThatIgnoresItsToken_FailsAtTheDeadline_CancelsTheToken_AndFreesTheSlot()
    {
        using var slots = Slots(TimeSpan.FromMilliseconds(300), maxConcurrent: 1);
        var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken given = default;

        var error = await Assert.ThrowsAsync<CellDeadlineException>(() => slots.RunAsync(-6121212, token =>
        {
            given = token;
            return never.Task;
        }));

        Assert.Equal("cell -6121212 did not finish within the cell deadline of 00:00:00.3000000 (Magg:Cells:Deadline); a granule may be stalled or never end",
            error.Message);
        Assert.True(given.IsCancellationRequested);
        Assert.Equal(0, slots.Busy);
        Assert.Equal(1, await slots.RunAsync(0, _ => Task.FromResult(1)));
    }

    [Fact]
    public async Task RunAsync_WorkThatFails_PassesItsExceptionOn_AndFreesTheSlot()
    {
        using var slots = Slots(TimeSpan.FromMinutes(5), maxConcurrent: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => slots.RunAsync<int>(1, _ => throw new InvalidOperationException("broken granule")));

        Assert.Equal("broken granule", error.Message);
        Assert.Equal(0, slots.Busy);
    }

    private static CellSlots Slots(TimeSpan deadline, int maxConcurrent) =>
        new(Options.Create(new CellLimitsOptions { Deadline = deadline, MaxConcurrent = maxConcurrent }), TimeProvider.System);
}
