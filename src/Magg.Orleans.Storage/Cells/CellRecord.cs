using Magg.Orleans.Core.Processing;

namespace Magg.Orleans.Storage.Cells;

/// <summary>
/// The outcome of a cell as recorded (in stamps and grain state): magg's per-cell fields and failure counts, with the
/// failure reasons bounded in number and length so a batch of records stays small.
/// </summary>
/// <param name="ParentMorton">The parent cell.</param>
/// <param name="CellsWithData">Children with at least one observation.</param>
/// <param name="TotalObs">Observations aggregated.</param>
/// <param name="GranuleCount">Distinct granules listed for the cell.</param>
/// <param name="FilesProcessed">Granules read.</param>
/// <param name="DurationSeconds">Wall time of the processing that produced the chunk.</param>
/// <param name="Error">"No granules found", "No data after filtering", or why the cell failed; null when written.</param>
/// <param name="GranulesFailed">Granules that could not be read.</param>
/// <param name="GroupsFailed">Groups that could not be read.</param>
/// <param name="Failures">Up to <see cref="MaxFailures"/> failure reasons ("granule[ group]: reason").</param>
public sealed record CellRecord(
    long ParentMorton,
    int CellsWithData,
    long TotalObs,
    int GranuleCount,
    int FilesProcessed,
    double DurationSeconds,
    string? Error,
    int GranulesFailed,
    int GroupsFailed,
    IReadOnlyList<string> Failures)
{
    /// <summary>Most failure reasons kept per cell.</summary>
    public const int MaxFailures = 2;

    /// <summary>Longest failure reason or error kept, in characters.</summary>
    public const int MaxTextLength = 128;

    /// <summary>The record of <paramref name="outcome"/>.</summary>
    public static CellRecord From(CellOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new CellRecord(outcome.ParentMorton, outcome.CellsWithData, outcome.TotalObservations, outcome.GranuleCount,
            outcome.FilesProcessed, outcome.DurationSeconds, Bound(outcome.Error), outcome.GranulesFailed, outcome.GroupsFailed,
            outcome.Failures.Take(MaxFailures).Select(Describe).ToArray());
    }

    /// <summary>
    /// A failure as recorded: "granule[ group]: reason" within <see cref="MaxTextLength"/> characters. The granule is named
    /// once (a reason that starts with it already, as granule errors do, is not prefixed again), and a long name (over half
    /// the length) that leaves no room for the reason is cut to its file name ("…/name.h5"), so the reason shows.
    /// </summary>
    public static string Describe(GranuleFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = failure.Reason.StartsWith(failure.Granule + ": ", StringComparison.Ordinal) ? failure.Reason[(failure.Granule.Length + 2)..] : failure.Reason;
        var text = Text(failure.Granule);
        if (text.Length > MaxTextLength && failure.Granule.Length > MaxTextLength / 2 && failure.Granule.LastIndexOf('/') is var slash and >= 0
            && slash < failure.Granule.Length - 1)
        {
            text = Text("…" + failure.Granule[slash..]);
        }

        return Bound(text)!;

        string Text(string name) => failure.Group is null ? $"{name}: {reason}" : $"{name} {failure.Group}: {reason}";
    }

    /// <summary>A failed cell that produced no outcome (an exception).</summary>
    public static CellRecord Failed(long parentMorton, int granuleCount, string error) =>
        new(parentMorton, 0, 0, granuleCount, 0, 0, Bound(error), 0, 0, []);

    /// <summary><paramref name="text"/> cut to <see cref="MaxTextLength"/> characters (marked with an ellipsis).</summary>
    public static string? Bound(string? text) =>
        text is null || text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 1), "…");
}
