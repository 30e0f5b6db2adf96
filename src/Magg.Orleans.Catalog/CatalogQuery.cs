using System.Globalization;
using Magg.Orleans.Catalog.Area;

namespace Magg.Orleans.Catalog;

/// <summary>What to build a catalog of: a collection, a time window, an area of interest and a parent order.</summary>
public sealed record CatalogQuery
{
    /// <summary>Public CMR search root.</summary>
    public const string DefaultCmrUrl = "https://cmr.earthdata.nasa.gov/search";

    /// <summary>CMR collection short name.</summary>
    public string ShortName { get; init; } = "ATL06";

    /// <summary>Collection version.</summary>
    public string Version { get; init; } = "007";

    /// <summary>CMR provider (NSIDC's cloud holdings by default).</summary>
    public string Provider { get; init; } = "NSIDC_CPRD";

    /// <summary>First day searched (from 00:00:00Z).</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>Last day searched (to 23:59:59Z).</summary>
    public required DateOnly EndDate { get; init; }

    /// <summary>The ICESat-2 cycle the dates come from, if any (recorded in the metadata and the default file name).</summary>
    public int? Cycle { get; init; }

    /// <summary>Where: the default is the Antarctic cap south of 60° S.</summary>
    public AreaOfInterest Area { get; init; } = AreaOfInterest.AntarcticCap;

    /// <summary>HEALPix order of the catalog keys (parent cells).</summary>
    public int ParentOrder { get; init; } = 6;

    /// <summary>CMR search root: requests go to <c>{CmrUrl}/granules.umm_json</c>.</summary>
    public string CmrUrl { get; init; } = DefaultCmrUrl;

    /// <summary>Granules per CMR page (1..2000).</summary>
    public int PageSize { get; init; } = 2000;

    /// <summary>The query for an ICESat-2 cycle (91 days from launch + 91 * (cycle - 1)).</summary>
    public static CatalogQuery ForCycle(int cycle)
    {
        var (start, end) = IcesatCycle.Dates(cycle);
        return new CatalogQuery { StartDate = start, EndDate = end, Cycle = cycle };
    }

    /// <summary>The old tool's file name: <c>catalog_{short_name}_cycle{N}_order{P}.json</c> or <c>catalog_{short_name}_{start}_{end}_order{P}.json</c>.</summary>
    public string DefaultFileName => Cycle is { } cycle
        ? string.Create(CultureInfo.InvariantCulture, $"catalog_{ShortName}_cycle{cycle}_order{ParentOrder}.json")
        : string.Create(CultureInfo.InvariantCulture, $"catalog_{ShortName}_{StartDate:yyyy-MM-dd}_{EndDate:yyyy-MM-dd}_order{ParentOrder}.json");

    /// <summary>Checks the query before anything is fetched.</summary>
    /// <exception cref="CatalogInputException">The message names the bad value.</exception>
    public void Validate()
    {
        if (EndDate < StartDate)
        {
            throw new CatalogInputException($"--end-date {EndDate:yyyy-MM-dd} is before --start-date {StartDate:yyyy-MM-dd}.");
        }

        if (ParentOrder is < 0 or > 12)
        {
            throw new CatalogInputException($"--parent-order {ParentOrder} must be in 0..12.");
        }

        if (PageSize is < 1 or > 2000)
        {
            throw new CatalogInputException($"--page-size {PageSize} must be in 1..2000 (CMR's largest page).");
        }

        foreach (var (name, value) in new[] { ("--short-name", ShortName), ("--version", Version), ("--provider", Provider) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new CatalogInputException($"{name} must not be empty.");
            }
        }

        if (!Uri.TryCreate(CmrUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new CatalogInputException($"--cmr-url '{CmrUrl}' is not an http(s) URL (e.g. {DefaultCmrUrl}).");
        }
    }
}
