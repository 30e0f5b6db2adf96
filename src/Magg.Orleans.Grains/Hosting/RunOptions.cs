namespace Magg.Orleans.Grains.Hosting;

/// <summary>How runs pace, retry and watch their cells (configuration section <c>Magg:Run</c>).</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Run";

    /// <summary>How often an active run checks leases, renews its hold on the store and saves progress. Progress itself
    /// does not wait for it: finished cells free their permits at once, and the run ends as soon as its last cell does.</summary>
    public TimeSpan TickPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A dispatched cell not heard of for this long is dispatched again (cells are idempotent).</summary>
    public TimeSpan CellLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a working cell tells its batch it is alive, which starts its lease again (default: a third of
    /// <see cref="CellLease"/>), so a slow cell is never taken for a lost one.</summary>
    public TimeSpan? HeartbeatPeriod { get; set; }

    /// <summary>Attempts per cell that end in a reported transient failure before the cell fails for good.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Unanswered dispatches (lease expiries: a lost silo, a dropped message) before the cell fails for good.</summary>
    public int MaxLeaseExpiries { get; set; } = 10;

    /// <summary>Backoff before the first retry; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest backoff.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Backoff after Lambda first throttles a cell (429, 5xx); doubles per throttle in a row, with jitter.</summary>
    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest backoff of a throttled cell.</summary>
    public TimeSpan ThrottleMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Throttles in a row after which a cell fails for good (throttled attempts count no attempt before that).</summary>
    public int MaxThrottles { get; set; } = 100;

    /// <summary>Failed attempts in a row of a run's own step (prepare, tick, consolidate) before the run fails with the
    /// last error; each is retried after a backoff that starts at <see cref="FaultBaseDelay"/> and doubles.</summary>
    public int MaxFaults { get; set; } = 8;

    /// <summary>Backoff after a run step's first failure.</summary>
    public TimeSpan FaultBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff between attempts of a failing run step.</summary>
    public TimeSpan FaultMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a cancellation, how long the run waits for cells already in flight before it ends Cancelled.</summary>
    public TimeSpan CancelGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a run waits for another run's structural change (template, consolidation) of the same store.</summary>
    public TimeSpan StoreLockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An S3 store lock whose holder stopped renewing it is taken over after this.</summary>
    public TimeSpan StoreLockTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A run's registration in its store (which refuses other runs' overwrites) lives this long; the run renews
    /// it every quarter of it while it runs.</summary>
    public TimeSpan StoreRunTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Period of the reminder that revives a run after its silo was lost; Orleans' minimum is 1 minute by default.</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether runs register the watchdog reminder (needs a reminder service; an embedded single silo does not).</summary>
    public bool UseWatchdogReminder { get; set; } = true;

    /// <summary>The heartbeat period in effect.</summary>
    public TimeSpan EffectiveHeartbeatPeriod => HeartbeatPeriod ?? CellLease / 3;
}
