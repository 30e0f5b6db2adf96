using System.Text.RegularExpressions;

namespace Magg.Orleans.Quicklook.Reports;

/// <summary>
/// Takes out of URLs what can carry a secret: user info (<c>https://user:pass@host</c>) and query strings (presigned
/// URLs, <c>?token=</c>), keeping the rest readable.
/// </summary>
internal static partial class Redaction
{
    public const string Removed = "[redacted]";

    public static string? Scrub(string? text) => text is null ? null : UrlSecrets().Replace(text, m =>
        m.Groups["scheme"].Value + (m.Groups["user"].Success ? Removed + "@" : "") + m.Groups["rest"].Value + (m.Groups["query"].Success ? "?" + Removed : ""));

    public static RunReport Scrub(RunReport report) => report with
    {
        Error = Scrub(report.Error),
        Request = report.Request with
        {
            Config = Scrub(report.Request.Config)!,
            Catalog = Scrub(report.Request.Catalog),
            Store = Scrub(report.Request.Store)!,
            StoreEndpoint = Scrub(report.Request.StoreEndpoint),
        },
        Cells = report.Cells.Select(c => c with
        {
            Error = Scrub(c.Error),
            Failures = c.Failures.Select(f => f with { Granule = Scrub(f.Granule)!, Reason = Scrub(f.Reason)! }).ToArray(),
        }).ToArray(),
    };

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?:(?<user>[^/?#@\s]*)@)?(?<rest>[^?#\s""'<>]*)(?<query>\?[^#\s""'<>]*)?")]
    private static partial Regex UrlSecrets();
}
