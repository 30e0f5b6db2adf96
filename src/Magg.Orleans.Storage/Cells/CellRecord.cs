using Magg.Orleans.Core.Granules;
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
/// <param name="Details">The same failures with granule (as its position in the cell's list), group and reason apart; null in
/// records written before they were kept.</param>
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
    IReadOnlyList<string> Failures,
    IReadOnlyList<CellRecordFailure>? Details = null)
{
    /// <summary>Most failure reasons kept per cell.</summary>
    public const int MaxFailures = 2;

    /// <summary>Longest failure reason or error kept, in characters.</summary>
    public const int MaxTextLength = 128;

    /// <summary>The record of <paramref name="outcome"/>; <paramref name="granules"/> is the cell's granule list (failures name
    /// their granule by its position in it).</summary>
    public static CellRecord From(CellOutcome outcome, IReadOnlyList<string>? granules = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var kept = outcome.Failures.Take(MaxFailures).ToArray();
        var names = granules?.Select(Display).ToArray() ?? [];
        return new CellRecord(outcome.ParentMorton, outcome.CellsWithData, outcome.TotalObservations, outcome.GranuleCount,
            outcome.FilesProcessed, outcome.DurationSeconds, Bound(outcome.Error), outcome.GranulesFailed, outcome.GroupsFailed,
            kept.Select(Describe).ToArray(),
            kept.Select(f => new CellRecordFailure(Array.IndexOf(names, f.Granule), Bound(f.Group), DetailReason(f))).ToArray());
    }

    /// <summary>
    /// The reason a detail keeps: empty when <see cref="Describe"/>'s text already ends with the whole of it (the reason is then
    /// the text after "granule[ group]: "; <see cref="ReasonOf"/>), so a batch of records does not hold each reason twice.
    /// </summary>
    private static string DetailReason(GranuleFailure failure) =>
        Describe(failure).EndsWith(": " + Stripped(failure), StringComparison.Ordinal) ? "" : Bound(failure.Reason)!;

    /// <summary>The reason of a detail (<paramref name="reason"/>, empty when kept only in its text) whose text is <paramref name="text"/> (its <see cref="Failures"/> entry).</summary>
    public static string ReasonOf(string text, string? group, string reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Length > 0)
        {
            return reason;
        }

        var marker = group is null ? ": " : $" {group}: ";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? text : text[(at + marker.Length)..];
    }

    private static string Stripped(GranuleFailure failure) =>
        failure.Reason.StartsWith(failure.Granule + ": ", StringComparison.Ordinal) ? failure.Reason[(failure.Granule.Length + 2)..] : failure.Reason;

    /// <summary>
    /// A failure as recorded: "granule[ group]: reason" within <see cref="MaxTextLength"/> characters. The granule is named
    /// once (a reason that starts with it already, as granule errors do, is not prefixed again), and a long name (over half
    /// the length) that leaves no room for the reason is cut to its file name ("…/name.h5"), so the reason shows.
    /// </summary>
    public static string Describe(GranuleFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = Stripped(failure);
        var text = Text(failure.Granule);
        if (text.Length > MaxTextLength && failure.Granule.Length > MaxTextLength / 2 && failure.Granule.LastIndexOf('/') is var slash and >= 0
            && slash < failure.Granule.Length - 1)
        {
            text = Text("…" + failure.Granule[slash..]);
        }

        return Bound(text)!;

        string Text(string name) => failure.Group is null ? $"{name}: {reason}" : $"{name} {failure.Group}: {reason}";
    }

    private static string Display(string granule) =>
        Uri.TryCreate(granule, UriKind.Absolute, out var address) ? GranuleNames.Display(address) : granule;

    /// <summary>A failed cell that produced no outcome (an exception).</summary>
    public static CellRecord Failed(long parentMorton, int granuleCount, string error) =>
        new(parentMorton, 0, 0, granuleCount, 0, 0, Bound(error), 0, 0, []);

    /// <summary><paramref name="text"/> cut to <see cref="MaxTextLength"/> characters (marked with an ellipsis).</summary>
    public static string? Bound(string? text) =>
        text is null || text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 1), "…");
}
