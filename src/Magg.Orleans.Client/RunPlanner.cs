using System.Globalization;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Client;

/// <summary>
/// Validates an <c>agg()</c> request (every rule of magg's agg()) and plans the run: which cells, their granule
/// addresses for the chosen driver, and batches small enough that each batch grain's state stays far below a
/// DynamoDB item's 400 KB.
/// </summary>
public static class RunPlanner
{
    /// <summary>Most cells per batch.</summary>
    public const int MaxCellsPerBatch = BatchPlan.MaxCells;

    /// <summary>Most granule-address characters per batch (with the cells' bounded outcomes, well under 350 KB of state).</summary>
    public const int MaxGranuleCharsPerBatch = 48 * 1024;

    /// <summary>Default concurrency of the local backend.</summary>
    public const int DefaultLocalWorkers = 4;

    /// <summary>Default concurrency of the Lambda backend.</summary>
    public const int DefaultLambdaWorkers = 1700;

    /// <summary>The Lambda function's name when neither the request nor <c>MAGG_LAMBDA_FUNCTION_NAME</c> names one (the old tool's).</summary>
    public const string DefaultFunctionName = "process-morton-cell";

    /// <summary>The Lambda function's region when the request names none.</summary>
    public const string DefaultLambdaRegion = "us-west-2";

    /// <summary>Validates <paramref name="request"/> and plans its run.</summary>
    /// <exception cref="AggRequestException">An argument is missing or wrong; the message names it.</exception>
    /// <exception cref="ConfigException">The config is invalid.</exception>
    /// <exception cref="CatalogException">The catalog cannot be read.</exception>
    public static async Task<RunPlan> PlanAsync(AggRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckBackend(request);
        var config = await PipelineConfigLoader.ResolveAsync(request.Config, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(request, config, null, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates <paramref name="request"/> and plans its run with a config already loaded (<paramref name="config"/>; the
    /// request's <see cref="AggRequest.Config"/> is then only its name for the report) and, when given, a catalog already
    /// read (<paramref name="catalog"/>, e.g. one sent inline over HTTP; else the request's or the config's catalog is loaded).
    /// </summary>
    /// <exception cref="AggRequestException">An argument is missing or wrong; the message names it.</exception>
    /// <exception cref="CatalogException">The catalog cannot be read.</exception>
    public static async Task<RunPlan> PlanAsync(AggRequest request, PipelineConfig config, GranuleCatalog? catalog, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        CheckBackend(request);
        var catalogPath = catalog is not null ? request.Catalog ?? "inline"
            : request.Catalog ?? config.Catalog ?? throw new AggRequestException("No catalog: pass a catalog or set 'catalog' in the config.");
        var storePath = request.Store ?? config.Output.Store ?? throw new AggRequestException("No store path: pass a store or set 'output.store' in the config.");
        var isS3Store = storePath.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);
        if (request.Backend == AggBackends.Lambda && !isS3Store)
        {
            throw new AggRequestException($"The lambda backend writes from AWS Lambda and needs an s3:// store, not '{storePath}'.");
        }

        var lambda = request.Backend == AggBackends.Lambda ? Target(request) : null;
        var driver = ParseDriver(request.Driver, config.DataSource.Driver);
        if (request.MaxCells is <= 0)
        {
            throw new AggRequestException($"max_cells must be at least 1, not {request.MaxCells}.");
        }

        var limits = new InputLimits();
        if (request.MaxWorkers is <= 0 || request.MaxWorkers > limits.MaxWorkers)
        {
            throw new AggRequestException(string.Create(CultureInfo.InvariantCulture,
                $"max_workers must be between 1 and {limits.MaxWorkers:N0} (a cluster's Magg:Limits:MaxWorkers), not {request.MaxWorkers:N0}."));
        }

        if (request.Compression is not ("none" or "zstd" or "gzip"))
        {
            throw new AggRequestException($"Unknown compression '{request.Compression}'; choose none, zstd or gzip.");
        }

        catalog ??= await GranuleCatalog.LoadAsync(catalogPath, cancellationToken).ConfigureAwait(false);
        if (catalog.Metadata.ParentOrder > config.ChildOrder)
        {
            throw new AggRequestException(
                $"The catalog's parent_order {catalog.Metadata.ParentOrder} is finer than the config's child_order {config.ChildOrder}.");
        }

        if (config.Output.Grid.ParentOrder is { } parentOrder && parentOrder != catalog.Metadata.ParentOrder)
        {
            throw new AggRequestException(
                $"The catalog's parent_order {catalog.Metadata.ParentOrder} differs from the config's output.grid.parent_order {parentOrder}.");
        }

        PipelineConfigLoader.CheckParentOrder(config, catalog.Metadata.ParentOrder, limits, request.Config);

        var selected = Select(catalog, request);
        var workers = Math.Max(1, Math.Min(request.MaxWorkers ?? (request.Backend == AggBackends.Lambda ? DefaultLambdaWorkers : DefaultLocalWorkers), selected.Count));
        var store = new StoreSpec(StoreLocations.Canonical(NormalizeStore(storePath)), request.Region, request.StoreServiceUrl, request.StoreForcePathStyle,
            request.Compression);
        var runId = request.RunId ?? NewRunId(time);
        var driverName = driver == GranuleDriver.Https ? "https" : "s3";
        var batches = Batch(catalog, selected, driver);
        var origin = new RunOrigin(Shown(request.Config), Shown(catalogPath), request.MaxCells, request.MortonCell);
        var header = new RunHeader(runId, config.SourceText, store, driverName, request.Backend, request.Overwrite, workers,
            catalog.Metadata.ParentOrder, catalog.TotalCells, selected.Count, batches.Count, CatalogDigest.Of(catalog.Cells.Select(c => c.ParentMorton)), lambda,
            origin, request.EarthdataToken is not null);
        var counts = selected.Select(c => c.Granules.Distinct(StringComparer.Ordinal).Count()).DefaultIfEmpty(0).ToArray();
        var estimate = lambda is null
            ? null
            : LambdaEstimate.For(counts.Sum(c => (long)c), selected.Count, lambda, request.LambdaMemoryMb, LambdaEstimate.DefaultSecondsPerGranule);
        var preview = new DryRunResult(selected.Count, counts.Min(), counts.Max(), selected.Count == 0 ? 0 : counts.Average(), store.Location, estimate);
        return new RunPlan(config, header, batches, preview) { EarthdataToken = request.EarthdataToken, Access = Access(catalog, store.Location) };
    }

    private static void CheckBackend(AggRequest request)
    {
        if (!AggBackends.All.Contains(request.Backend))
        {
            throw new AggRequestException($"Unknown backend '{request.Backend}'; choose one of: {string.Join(", ", AggBackends.All)}.");
        }
    }

    /// <summary>A config or catalog as the run's report shows it: URLs without user info or query, YAML text as <c>inline</c>.</summary>
    private static string Shown(string given)
    {
        if (given.Contains('\n', StringComparison.Ordinal))
        {
            return "inline";
        }

        return Uri.TryCreate(given, UriKind.Absolute, out var url) && !url.IsFile ? Core.Granules.GranuleNames.Display(url) : given;
    }

    /// <summary>The function a lambda run invokes, checked: a function name or ARN, a region name, an architecture, prices.</summary>
    private static LambdaTarget Target(AggRequest request)
    {
        var name = request.FunctionName
            ?? (Environment.GetEnvironmentVariable("MAGG_LAMBDA_FUNCTION_NAME") is { Length: > 0 } variable ? variable.Trim() : DefaultFunctionName);
        if (name.Length is 0 or > 140 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '$'))
        {
            throw new AggRequestException($"Lambda function name '{name}' is not a function name or ARN (1-140 of a-z, A-Z, 0-9, - _ : $).");
        }

        var region = request.Region ?? DefaultLambdaRegion;
        if (!Storage.Lambda.LambdaEndpoint.IsRegionName(region))
        {
            throw new AggRequestException($"Region '{region}' is not an AWS region name such as us-west-2.");
        }

        if (!LambdaPricing.Architectures.Contains(request.LambdaArchitecture))
        {
            throw new AggRequestException($"Unknown Lambda architecture '{request.LambdaArchitecture}'; choose {string.Join(" or ", LambdaPricing.Architectures)}.");
        }

        if (request.LambdaPricePerGbSecond is < 0 or > 1 || request.LambdaMemoryMb is < 128 or > 10240)
        {
            throw new AggRequestException(string.Create(CultureInfo.InvariantCulture,
                $"The Lambda price must be 0..1 USD per GB-second (not {request.LambdaPricePerGbSecond}) and the memory 128..10240 MB (not {request.LambdaMemoryMb})."));
        }

        return new LambdaTarget(name, region, request.LambdaArchitecture, request.LambdaPricePerGbSecond ?? LambdaPricing.PerGbSecond(request.LambdaArchitecture),
            LambdaPricing.PerRequest);
    }

    private static GranuleDriver ParseDriver(string? driver, GranuleDriver fallback) => driver switch
    {
        null => fallback,
        "s3" => GranuleDriver.S3,
        "https" => GranuleDriver.Https,
        _ => throw new AggRequestException($"Unknown driver '{driver}'; choose s3 or https."),
    };

    private static List<CatalogCell> Select(GranuleCatalog catalog, AggRequest request)
    {
        if (request.MortonCell is { } morton)
        {
            var cell = catalog.Cells.FirstOrDefault(c => c.ParentMorton == morton)
                ?? throw new AggRequestException(string.Create(CultureInfo.InvariantCulture, $"morton_cell {morton} not in catalog."));
            return [cell];
        }

        return catalog.Cells.Take(request.MaxCells ?? int.MaxValue).ToList();
    }

    /// <summary>Consecutive selected cells (in catalog order) in batches of at most <see cref="MaxCellsPerBatch"/> cells and
    /// <see cref="MaxGranuleCharsPerBatch"/> characters of granule addresses.</summary>
    private static List<BatchPlan> Batch(GranuleCatalog catalog, List<CatalogCell> selected, GranuleDriver driver)
    {
        var batches = new List<BatchPlan>();
        var cells = new List<PlannedCell>();
        var chars = 0;
        foreach (var cell in selected)
        {
            var granules = cell.Granules.Select(g => Address(g, driver, catalog)).ToArray();
            var size = granules.Sum(g => g.Length + 8);
            if (cells.Count == MaxCellsPerBatch || (cells.Count > 0 && chars + size > MaxGranuleCharsPerBatch))
            {
                batches.Add(new BatchPlan(batches.Count, cells[0].ChunkIndex, [], [.. cells]));
                cells.Clear();
                chars = 0;
            }

            cells.Add(new PlannedCell(cell.ChunkIndex, cell.ParentMorton, granules));
            chars += size;
        }

        if (cells.Count > 0)
        {
            batches.Add(new BatchPlan(batches.Count, cells[0].ChunkIndex, [], [.. cells]));
        }

        return batches;
    }

    /// <summary>A catalog entry as the cluster gets it; entries that carry credentials (a pre-signed URL, user info) are refused.</summary>
    private static string Address(string entry, GranuleDriver driver, GranuleCatalog catalog)
    {
        var address = GranuleLocator.Resolve(entry, driver, catalog);
        if (!address.IsFile && (address.Query.Length > 0 || address.UserInfo.Length > 0 || address.Fragment.Length > 0))
        {
            throw new CatalogException(
                $"Granule {GranuleNames.Display(address)} carries user info, a query string or a fragment (a pre-signed URL?): catalog entries must not carry credentials; list the object's s3:// or https:// address and let the silo sign.");
        }

        return address.AbsoluteUri;
    }

    private static RunAccess Access(GranuleCatalog catalog, string store)
    {
        var granules = new List<string>();
        if (catalog.BaseDirectory is { } folder)
        {
            granules.Add(folder);
        }

        if (catalog.Metadata.S3Base is { } s3Base && s3Base.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && s3Base[5..].Split('/')[0] is { Length: > 0 } bucket)
        {
            granules.Add($"s3://{bucket}/");
        }

        return new RunAccess(granules, [store.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? store.TrimEnd('/') + "/" : store]);
    }

    private static string NormalizeStore(string store) =>
        store.Contains("://", StringComparison.Ordinal) && !store.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
            ? store
            : Path.GetFullPath(store.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(store).LocalPath : store);

    private static string NewRunId(TimeProvider time) =>
        string.Create(CultureInfo.InvariantCulture, $"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
}
