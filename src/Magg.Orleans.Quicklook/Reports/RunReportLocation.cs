namespace Magg.Orleans.Quicklook.Reports;

/// <summary>Where a report was written.</summary>
/// <param name="JsonKey">Key of the JSON in the store, e.g. <c>_magg/runs/abc.json</c>.</param>
/// <param name="HtmlKey">Key of the page in the store.</param>
/// <param name="HtmlLocation">The page's full location (a file path or an <c>s3://</c> URL), to print.</param>
/// <param name="MapError">Why the page has no map, when it has none.</param>
public sealed record RunReportLocation(string JsonKey, string HtmlKey, string HtmlLocation, string? MapError);
