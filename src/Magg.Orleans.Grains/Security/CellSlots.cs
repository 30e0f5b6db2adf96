using System.Globalization;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Security;

/// <summary>
/// The silo's limit on cells processed at once (<see cref="CellLimitsOptions.MaxConcurrent"/>) and the per-cell deadline
/// (<see cref="CellLimitsOptions.Deadline"/>). Work runs on the thread pool, so a read stuck in a synchronous call cannot
/// keep the deadline from firing; at the deadline the work is cancelled, its slot freed and the cell fails.
/// </summary>
public sealed class CellSlots(IOptions<CellLimitsOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrent));

    /// <summary>Cells being processed now.</summary>
    public int Busy => Math.Max(1, options.Value.MaxConcurrent) - _slots.CurrentCount;

    /// <summary>Runs <paramref name="work"/> for cell <paramref name="parentMorton"/> in a slot, within the deadline.</summary>
    /// <exception cref="CellDeadlineException">The deadline passed first.</exception>
    public async Task<T> RunAsync<T>(long parentMorton, Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var deadline = options.Value.Deadline;
        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            using var cancel = new CancellationTokenSource(deadline, time);
            var task = Task.Run(() => work(cancel.Token), CancellationToken.None);
            try
            {
                return await task.WaitAsync(deadline, time).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && cancel.IsCancellationRequested))
            {
                await cancel.CancelAsync().ConfigureAwait(false);
                _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                throw new CellDeadlineException(string.Create(CultureInfo.InvariantCulture,
                    $"cell {parentMorton} did not finish within the cell deadline of {deadline} (Magg:Cells:Deadline); a granule may be stalled or never end"));
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
