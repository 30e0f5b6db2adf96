namespace Magg.Orleans.Grains.Runs;

/// <summary>A run's cell counts: the sum of its batches' latest counts.</summary>
[GenerateSerializer, Alias("Magg.Orleans.Grains.RunTotals")]
public sealed class RunTotals
{
    /// <summary>Cells waiting to be dispatched.</summary>
    [Id(0)] public int Pending { get; set; }

    /// <summary>Cells dispatched and not yet reported.</summary>
    [Id(1)] public int InFlight { get; set; }

    /// <summary>Cells written, up to date or empty.</summary>
    [Id(2)] public int Done { get; set; }

    /// <summary>Cells that failed for good.</summary>
    [Id(3)] public int Failed { get; set; }

    /// <summary>Done cells that hold data.</summary>
    [Id(4)] public int CellsWithData { get; set; }

    /// <summary>Observations of the done cells.</summary>
    [Id(5)] public long TotalObs { get; set; }

    /// <summary>Granules that could not be read, over the done cells.</summary>
    [Id(6)] public int GranulesFailed { get; set; }

    /// <summary>Done cells answered without reading a granule.</summary>
    [Id(7)] public int UpToDate { get; set; }

    /// <summary>GB-seconds Lambda billed.</summary>
    [Id(8)] public double LambdaGbSeconds { get; set; }

    /// <summary>Invocations Lambda billed.</summary>
    [Id(9)] public long LambdaInvocations { get; set; }

    /// <summary>Invokes Lambda throttled or failed transiently.</summary>
    [Id(10)] public long LambdaThrottles { get; set; }

    /// <summary>Pending cells waiting for the run's client credentials.</summary>
    [Id(11)] public int AwaitingCredentials { get; set; }

    /// <summary>Adds (<paramref name="sign"/> 1) or removes (-1) one batch's counts.</summary>
    public void Add(BatchStats stats, int sign)
    {
        ArgumentNullException.ThrowIfNull(stats);
        Pending += sign * stats.Pending;
        InFlight += sign * stats.InFlight;
        Done += sign * stats.Done;
        Failed += sign * stats.Failed;
        CellsWithData += sign * stats.CellsWithData;
        TotalObs += sign * stats.TotalObs;
        GranulesFailed += sign * stats.GranulesFailed;
        UpToDate += sign * stats.UpToDate;
        LambdaGbSeconds += sign * stats.LambdaGbSeconds;
        LambdaInvocations += sign * stats.LambdaInvocations;
        LambdaThrottles += sign * stats.Throttles;
        AwaitingCredentials += sign * stats.AwaitingCredentials;
    }

    /// <summary>A copy.</summary>
    public RunTotals Clone() => (RunTotals)MemberwiseClone();
}
