using System.CommandLine;
using System.Globalization;
using Magg.Orleans.Catalog;
using Magg.Orleans.Catalog.Area;
using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Cli.Commands;

/// <summary>The flags of <c>catalog</c>, named as the old tool's.</summary>
internal sealed class CatalogOptions
{
    public Option<int?> Cycle { get; } = new("--cycle") { Description = "ICESat-2 cycle (91 days from 2018-10-13 + 91 * (N - 1)); or give --start-date and --end-date" };

    public Option<string?> StartDate { get; } = new("--start-date") { Description = "First day, YYYY-MM-DD (from 00:00:00Z)" };

    public Option<string?> EndDate { get; } = new("--end-date") { Description = "Last day, YYYY-MM-DD (to 23:59:59Z)" };

    public Option<string?> Polygon { get; } = new("--polygon") { Description = "Area of interest: GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection (lon/lat)" };

    public Option<string?> Bbox { get; } = new("--bbox") { Description = "Area of interest W,S,E,N in degrees (W > E crosses the antimeridian). Default: the Antarctic cap south of 60° S" };

    public Option<int?> ParentOrder { get; } = new("--parent-order") { Description = "HEALPix order of the catalog cells (default: the config's output.grid.parent_order, else 6)" };

    public Option<string> ShortName { get; } = new("--short-name") { Description = "CMR collection short name", DefaultValueFactory = _ => "ATL06" };

    public Option<string> Version { get; } = new("--version") { Description = "Collection version", DefaultValueFactory = _ => "007" };

    public Option<string> Provider { get; } = new("--provider") { Description = "CMR provider", DefaultValueFactory = _ => "NSIDC_CPRD" };

    public Option<string> CmrUrl { get; } = new("--cmr-url") { Description = "CMR search root (requests go to {url}/granules.umm_json)", DefaultValueFactory = _ => CatalogQuery.DefaultCmrUrl };

    public Option<int> PageSize { get; } = new("--page-size") { Description = "Granules per CMR page (1..2000)", DefaultValueFactory = _ => 2000 };

    public Option<string?> Output { get; } = new("--output") { Description = "catalog.json (magg JSON) or catalog.parquet (GeoParquet); default catalog_{short_name}_cycle{N}_order{P}.json" };

    public Option<int> Retries { get; } = new("--retries") { Description = "Retries of a failing CMR request (5xx, 429, network), with backoff", DefaultValueFactory = _ => 6 };

    public Option<string?> Config { get; } = new("--config") { Description = "Pipeline config (built-in name or YAML): its output.grid.parent_order and bounds are used when the flags are not given" };

    public void AddTo(Command command)
    {
        Option[] all = [Cycle, StartDate, EndDate, Polygon, Bbox, ParentOrder, ShortName, Version, Provider, CmrUrl, PageSize, Output, Retries, Config];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <exception cref="CatalogInputException">Flags missing, conflicting or malformed.</exception>
    /// <exception cref="ConfigException">The config is invalid.</exception>
    public async Task<CatalogQuery> ToQueryAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = parse.GetValue(Config) is { } name ? await PipelineConfigLoader.ResolveAsync(name, cancellationToken).ConfigureAwait(false) : null;
        var (start, end, cycle) = Dates(parse, config);
        return new CatalogQuery
        {
            StartDate = start,
            EndDate = end,
            Cycle = cycle,
            Area = Area(parse, config),
            ParentOrder = Order(parse, config),
            ShortName = parse.GetValue(ShortName) ?? "ATL06",
            Version = parse.GetValue(Version) ?? "007",
            Provider = parse.GetValue(Provider) ?? "NSIDC_CPRD",
            CmrUrl = parse.GetValue(CmrUrl) ?? CatalogQuery.DefaultCmrUrl,
            PageSize = parse.GetValue(PageSize),
        };
    }

    private (DateOnly Start, DateOnly End, int? Cycle) Dates(ParseResult parse, PipelineConfig? config)
    {
        var (cycle, startText, endText) = (parse.GetValue(Cycle), parse.GetValue(StartDate), parse.GetValue(EndDate));
        if (cycle is { } number)
        {
            if (startText is not null || endText is not null)
            {
                throw new CatalogInputException("give either --cycle or --start-date and --end-date, not both.");
            }

            var (start, end) = IcesatCycle.Dates(number);
            return (start, end, number);
        }

        if (startText is null && endText is null && config?.Bounds is { StartDate: { } configStart, EndDate: { } configEnd })
        {
            return (configStart, configEnd, null);
        }

        if (startText is null || endText is null)
        {
            throw new CatalogInputException("give --cycle N, or both --start-date and --end-date (YYYY-MM-DD).");
        }

        return (Date("--start-date", startText), Date("--end-date", endText), null);
    }

    private AreaOfInterest Area(ParseResult parse, PipelineConfig? config)
    {
        var (polygon, bbox) = (parse.GetValue(Polygon), parse.GetValue(Bbox));
        if (polygon is not null && bbox is not null)
        {
            throw new CatalogInputException("give either --polygon or --bbox, not both.");
        }

        if (polygon is not null)
        {
            return AreaOfInterest.FromGeoJsonFile(polygon);
        }

        if (bbox is not null)
        {
            return AreaOfInterest.FromBoundingBox(BoundingBox.Parse(bbox));
        }

        return config?.Bounds?.Polygon is { } points ? AreaOfInterest.FromPolygon(points, "the config's bounds.spatial") : AreaOfInterest.AntarcticCap;
    }

    private int Order(ParseResult parse, PipelineConfig? config)
    {
        var (flag, fromConfig) = (parse.GetValue(ParentOrder), config?.Output.Grid.ParentOrder);
        if (flag is { } a && fromConfig is { } b && a != b)
        {
            throw new CatalogInputException($"--parent-order {a} differs from the config's output.grid.parent_order {b}; give one or make them agree.");
        }

        return flag ?? fromConfig ?? 6;
    }

    private static DateOnly Date(string flag, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CatalogInputException($"{flag} '{text}' is not a date (use YYYY-MM-DD).");
}
