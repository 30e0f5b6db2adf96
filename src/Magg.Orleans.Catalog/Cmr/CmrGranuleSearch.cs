using System.Globalization;
using Magg.Orleans.Catalog.Area;

namespace Magg.Orleans.Catalog.Cmr;

/// <summary>A UMM-JSON granule search: <c>{root}/granules.umm_json</c> with these parameters, sorted by start date.</summary>
/// <param name="ShortName">Collection short name, e.g. ATL06.</param>
/// <param name="Version">Collection version, e.g. 007.</param>
/// <param name="Provider">CMR provider, e.g. NSIDC_CPRD.</param>
/// <param name="StartDate">First day (from 00:00:00Z).</param>
/// <param name="EndDate">Last day (to 23:59:59Z).</param>
/// <param name="Box">The <c>bounding_box</c>.</param>
/// <param name="PageSize">Granules per page (CMR allows up to 2000).</param>
public sealed record CmrGranuleSearch(string ShortName, string Version, string Provider, DateOnly StartDate, DateOnly EndDate, BoundingBox Box, int PageSize)
{
    /// <summary>The <c>temporal</c> parameter: <c>START T00:00:00Z,END T23:59:59Z</c>.</summary>
    public string Temporal => string.Create(CultureInfo.InvariantCulture, $"{StartDate:yyyy-MM-dd}T00:00:00Z,{EndDate:yyyy-MM-dd}T23:59:59Z");

    /// <summary>The query string (without <c>?</c>).</summary>
    public string QueryString => string.Join('&', new[]
    {
        ("provider", Provider),
        ("short_name", ShortName),
        ("version", Version),
        ("temporal", Temporal),
        ("bounding_box", Box.ToCmr()),
        ("page_size", PageSize.ToString(CultureInfo.InvariantCulture)),
        ("sort_key", "start_date"),
    }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
}
