namespace Magg.Orleans.Grains.Hosting;

/// <summary>How runs pace, retry and watch their cells (configuration section <c>Magg:Run</c>).</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Run";

    /// <summary>How often an active run checks leases and grants permits.</summary>
    public TimeSpan TickPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A dispatched cell not heard of for this long is dispatched again (cells are idempotent).</summary>
    public TimeSpan CellLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts per cell that end in a reported transient failure before the cell fails for good.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Unanswered dispatches (lease expiries: a lost silo, a dropped message) before the cell fails for good.</summary>
    public int MaxLeaseExpiries { get; set; } = 10;

    /// <summary>Backoff before the first retry; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest backoff.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Period of the reminder that revives a run after its silo was lost; Orleans' minimum is 1 minute by default.</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether runs register the watchdog reminder (needs a reminder service).</summary>
    public bool UseWatchdogReminder { get; set; } = true;
}
