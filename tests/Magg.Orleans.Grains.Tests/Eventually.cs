namespace Magg.Orleans.Grains.Tests;

/// <summary>Polls a condition instead of sleeping, with a generous deadline for a loaded machine.</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        T last;
        while (!condition(last = await probe()))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen in time; last seen: {last}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return last;
    }

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
