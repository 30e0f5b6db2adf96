namespace Magg.Orleans.Quicklook.Reports;

/// <summary>The status words of a report (the run's and its cells').</summary>
public static class RunReportStatuses
{
    /// <summary>A cell aggregated and written.</summary>
    public const string Written = "written";

    /// <summary>A cell whose inputs had not changed.</summary>
    public const string UpToDate = "up_to_date";

    /// <summary>A cell without granules or data.</summary>
    public const string Empty = "empty";

    /// <summary>A cell the run never got to (it was cancelled or failed first).</summary>
    public const string NotProcessed = "not_processed";

    /// <summary>A failed cell, or a run that could not proceed.</summary>
    public const string Failed = "failed";

    /// <summary>A run whose every cell is done, none failed.</summary>
    public const string Completed = "completed";

    /// <summary>A run that finished with failed cells.</summary>
    public const string CompletedWithErrors = "completed_with_errors";

    /// <summary>A cancelled run.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The snake_case word of an enum member name, e.g. <c>CompletedWithErrors</c> gives <c>completed_with_errors</c>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
