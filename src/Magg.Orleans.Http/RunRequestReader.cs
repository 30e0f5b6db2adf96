using System.Globalization;
using System.Text.Json;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Http;

/// <summary>
/// Turns a request body into a planned run, refusing what the server does not allow: a catalog or store on the server's
/// disk outside its allowed folders, local granules outside them. Every refusal is an <see cref="AggRequestException"/>
/// (or the config's or catalog's own exception) whose message is the CLI's.
/// </summary>
internal sealed class RunRequestReader(HttpApiOptions options, TimeProvider time)
{
    internal static readonly JsonSerializerOptions BodyOptions = new(ApiJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Reads and plans the body; <paramref name="token"/> is the user's Earthdata token from the header, if any.</summary>
    public async Task<(RunPlan Plan, bool DryRun)> PlanAsync(Stream body, SecretText? token, CancellationToken cancellationToken)
    {
        RunRequestBody request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<RunRequestBody>(body, BodyOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new AggRequestException("The request body is empty: send the agg() options as a JSON object.");
        }
        catch (JsonException e)
        {
            throw new AggRequestException($"The request body is not the agg() options as JSON: {e.Message}", e);
        }

        var (configName, config) = Config(request.Config);
        var catalog = await CatalogAsync(request.Catalog, config, cancellationToken).ConfigureAwait(false);
        var agg = new AggRequest
        {
            Config = configName,
            Catalog = request.Catalog is { ValueKind: JsonValueKind.String } path ? path.GetString() : request.Catalog is { ValueKind: JsonValueKind.Object } ? "inline" : null,
            Store = request.Store,
            Backend = request.Backend ?? AggBackends.Local,
            Driver = request.Driver,
            MaxCells = request.MaxCells,
            MortonCell = MortonCell(request.MortonCell),
            MaxWorkers = request.MaxWorkers,
            Overwrite = request.Overwrite,
            DryRun = request.DryRun,
            FunctionName = request.FunctionName ?? "magg-process-cell",
            Region = request.Region,
            RunId = RunId(request.RunId),
            Compression = request.Compression ?? "none",
            EarthdataToken = token,
        };
        var plan = await RunPlanner.PlanAsync(agg, config, catalog, time, cancellationToken).ConfigureAwait(false);
        CheckLocalPaths(plan);
        return (plan, request.DryRun);
    }

    private static (string Name, PipelineConfig Config) Config(string? config)
    {
        if (string.IsNullOrWhiteSpace(config))
        {
            throw new AggRequestException("config is required: a built-in name (" + string.Join(", ", BuiltInConfigs.Names) + ") or the YAML text of a magg config.");
        }

        if (BuiltInConfigs.TryGetText(config.Trim(), out var text))
        {
            return (config.Trim(), PipelineConfigLoader.Parse(text, config.Trim()));
        }

        if (!config.Contains('\n', StringComparison.Ordinal) && !config.Contains(':', StringComparison.Ordinal))
        {
            throw new AggRequestException(
                $"config '{config}' is not a built-in config ({string.Join(", ", BuiltInConfigs.Names)}); send the YAML text of the file (load_config(path) in Python), the server does not read config files");
        }

        return ("inline", PipelineConfigLoader.Parse(config, "config"));
    }

    private async Task<GranuleCatalog?> CatalogAsync(JsonElement? catalog, PipelineConfig config, CancellationToken cancellationToken)
    {
        switch (catalog)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return config.Catalog is { } fromConfig ? await LoadAsync(fromConfig, cancellationToken).ConfigureAwait(false) : null;
            case { ValueKind: JsonValueKind.String } path:
                return await LoadAsync(path.GetString()!, cancellationToken).ConfigureAwait(false);
            case { ValueKind: JsonValueKind.Object } inline:
                return GranuleCatalog.Parse(inline.GetRawText(), baseDirectory: null, "inline catalog");
            default:
                throw new AggRequestException("catalog must be a path on the server or the catalog JSON object itself.");
        }
    }

    private async Task<GranuleCatalog> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Contains("://", StringComparison.Ordinal) && !path.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            throw new AggRequestException($"catalog {Core.Granules.GranuleNames.Display(new Uri(path))}: this server reads catalogs from its own folders only; send the catalog inline");
        }

        var local = path.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(path).LocalPath : path;
        if (!Path.IsPathFullyQualified(local))
        {
            throw new AggRequestException($"catalog {path}: a catalog on the server is named by its absolute path");
        }

        if (LocalPaths.Refusal(options.Folders, local, "catalog") is { } refusal)
        {
            throw new AggRequestException(refusal);
        }

        return await GranuleCatalog.LoadAsync(local, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's local granules and local store must lie under the server's allowed folders.</summary>
    private void CheckLocalPaths(RunPlan plan)
    {
        var store = plan.Header.Store.Location;
        if (!store.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && LocalPaths.Refusal(options.Folders, store, "store") is { } storeRefusal)
        {
            throw new AggRequestException(storeRefusal);
        }

        foreach (var granule in plan.Batches.SelectMany(b => b.Cells).SelectMany(c => c.Granules))
        {
            if (Uri.TryCreate(granule, UriKind.Absolute, out var address) && address.IsFile
                && LocalPaths.Refusal(options.Folders, address.LocalPath, "granule") is { } refusal)
            {
                throw new AggRequestException(refusal);
            }
        }
    }

    private static long? MortonCell(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var morton) => morton,
        { ValueKind: JsonValueKind.String } text => ParseMorton(text.GetString()!),
        _ => throw new AggRequestException($"morton_cell {value.Value.GetRawText()} is not a decimal morton index (e.g. -4211322)."),
    };

    private static long ParseMorton(string text)
    {
        try
        {
            return Morton.Parse(text);
        }
        catch (FormatException e)
        {
            throw new AggRequestException($"morton_cell '{text}' is not a decimal morton index (e.g. -4211322).", e);
        }
    }

    private static string? RunId(string? runId) =>
        runId is null || (runId.Length is > 0 and <= 200 && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? runId
            : throw new AggRequestException(string.Create(CultureInfo.InvariantCulture,
                $"run_id '{runId}' is not 1 to 200 of a-z, A-Z, 0-9, '-', '_' and '.'"));
}
