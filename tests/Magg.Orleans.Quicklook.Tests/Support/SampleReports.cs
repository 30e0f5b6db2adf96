using Magg.Orleans.Quicklook.Reports;

namespace Magg.Orleans.Quicklook.Tests.Support;

/// <summary>Run reports for the tests, with failure text as hostile as a catalog can make it.</summary>
internal static class SampleReports
{
    public const string Secret = "SECRET-TOKEN-8d1f";

    public const string ScriptGranule = "<script>alert('granule')</script>.h5";

    public const string AttributeBreaker = "\"><img src=x onerror=alert(1)>&amp;";

    public static readonly DateTimeOffset Started = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RunReport Create(string runId, DateTimeOffset finishedAt, string store = "out.zarr")
    {
        RunReportCell[] cells =
        [
            new(0, -3131311, RunReportStatuses.Written, 1200, 40, 2.5, 3, 3, 0, 0, null, []),
            new(1, -3131312, RunReportStatuses.Written, 800, 22, 4.0, 3, 2, 1, 1, null,
            [
                new(ScriptGranule, null, "HDF5 signature not found"),
                new("s3://bucket/ATL06_1.h5", "gt1l", AttributeBreaker),
            ]),
            new(2, -3131313, RunReportStatuses.Empty, 0, 0, 0.1, 0, 0, 0, 0, "No granules found", []),
            new(3, -3131314, RunReportStatuses.Failed, 0, 0, 1.5, 2, 0, 2, 0, "<b>throttled</b> & gave up",
            [
                new($"https://data.example/ATL06_2.h5?token={Secret}", null, $"GET https://data.example/ATL06_2.h5?X-Amz-Signature={Secret} answered 503"),
            ]),
        ];
        return new RunReport
        {
            RunId = runId,
            Status = RunReportStatuses.CompletedWithErrors,
            GeneratedAt = finishedAt,
            Request = new RunReportRequest("atl06", "cfg-1234", $"https://catalogs.example/c.json?sig={Secret}", store, "local", "s3", 4, false, "zstd",
                6, 12, 4, MaxCells: 4, Region: "us-west-2", StoreEndpoint: $"http://user:{Secret}@127.0.0.1:9000"),
            Totals = RunReportTotals.Of(cells),
            Timings = RunReportTimings.Of(Started, finishedAt, cells),
            Cells = cells,
        };
    }
}
