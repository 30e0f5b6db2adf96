using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Security;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Magg.Orleans.Core.Config;

/// <summary>
/// Loads magg pipeline configs (YAML) and validates them. Every error names the offending key, the problem, and
/// its line in the file. Keys this service does not know are reported in <see cref="PipelineConfig.Warnings"/>,
/// except inside variable definitions and <c>params</c>, where an unknown key would silently change the numbers.
/// </summary>
public static partial class PipelineConfigLoader
{
    private static readonly string[] KnownTopLevel = ["data_source", "aggregation", "output", "catalog", "bounds"];

    /// <summary>Loads a config from a YAML file, within the default <see cref="InputLimits"/>.</summary>
    public static Task<PipelineConfig> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        LoadAsync(path, new InputLimits(), cancellationToken);

    /// <summary>Loads a config from a YAML file; a file over <see cref="InputLimits.MaxConfigBytes"/> is refused without reading it all.</summary>
    public static async Task<PipelineConfig> LoadAsync(string path, InputLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        string text;
        try
        {
            text = await BoundedText.ReadFileAsync(path, limits.MaxConfigBytes, cancellationToken).ConfigureAwait(false)
                ?? throw SizeError(path, limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, "(file)", $"cannot be read: {e.Message}", innerException: e);
        }

        return Parse(text, path, limits);
    }

    /// <summary>
    /// A built-in config by name (see <see cref="BuiltInConfigs.Names"/>), or else a YAML file at that path.
    /// </summary>
    public static Task<PipelineConfig> ResolveAsync(string nameOrPath, CancellationToken cancellationToken = default) =>
        ResolveAsync(nameOrPath, new InputLimits(), cancellationToken);

    /// <summary>
    /// A built-in config by name (see <see cref="BuiltInConfigs.Names"/>), or else a YAML file at that path, within <paramref name="limits"/>.
    /// </summary>
    public static async Task<PipelineConfig> ResolveAsync(string nameOrPath, InputLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (BuiltInConfigs.TryGetText(nameOrPath, out var builtIn))
        {
            return Parse(builtIn, $"built-in config '{nameOrPath}'", limits);
        }

        if (!File.Exists(nameOrPath))
        {
            throw new ConfigException(nameOrPath, "(file)",
                $"no such file, and not a built-in config (built-in: {string.Join(", ", BuiltInConfigs.Names)})");
        }

        return await LoadAsync(nameOrPath, limits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses and validates YAML text within the default <see cref="InputLimits"/>; <paramref name="source"/> names it in error messages.</summary>
    public static PipelineConfig Parse(string yaml, string source = "config") => Parse(yaml, source, new InputLimits());

    /// <summary>
    /// Parses and validates YAML text; <paramref name="source"/> names it in error messages. Text over
    /// <see cref="InputLimits.MaxConfigBytes"/>, nesting deeper than 32 levels, anchors, aliases, merge keys, complex
    /// keys and duplicate keys are refused with their line before anything is built from them.
    /// </summary>
    public static PipelineConfig Parse(string yaml, string source, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        if (yaml.Length > limits.MaxConfigBytes || Encoding.UTF8.GetByteCount(yaml) > limits.MaxConfigBytes)
        {
            throw SizeError(source, limits, Encoding.UTF8.GetByteCount(yaml));
        }

        var root = ReadRoot(yaml, source);
        var warnings = new List<string>();
        WarnUnknown(root, KnownTopLevel, warnings);

        var dataSource = ReadDataSource(root.Section("data_source"), warnings);
        var aggregation = ReadAggregation(root.Section("aggregation"), dataSource, warnings);
        var output = ReadOutput(root.Section("output"), warnings);
        var bounds = root.OptionalSection("bounds") is { } boundsSection ? BoundsReader.Read(boundsSection) : null;
        return new PipelineConfig(dataSource, aggregation, output, root.OptionalText("catalog"), bounds, yaml) { Warnings = warnings };
    }

    /// <summary>
    /// Checks that <paramref name="config"/>'s <c>output.grid.child_order</c> fits a catalog at <paramref name="parentOrder"/>:
    /// not coarser than it, and at most <see cref="InputLimits.MaxChildLevels"/> levels finer (a chunk holds 4^levels children).
    /// </summary>
    /// <exception cref="ConfigException">The orders do not fit; the key is <c>output.grid.child_order</c>.</exception>
    public static void CheckParentOrder(PipelineConfig config, int parentOrder, InputLimits limits, string source = "config")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(limits);
        const string Key = "output.grid.child_order";
        var child = config.ChildOrder;
        if (parentOrder is < 0 or > Spatial.Morton.MaxOrder)
        {
            throw new ConfigException(source, Key, string.Create(CultureInfo.InvariantCulture,
                $"the catalog's parent_order {parentOrder} is not an order from 0 to {Spatial.Morton.MaxOrder}"));
        }

        if (child < parentOrder)
        {
            throw new ConfigException(source, Key, string.Create(CultureInfo.InvariantCulture,
                $"{child} is coarser than the catalog's parent_order {parentOrder}; child_order must be at least parent_order"));
        }

        if (child - parentOrder > limits.MaxChildLevels)
        {
            throw new ConfigException(source, Key, string.Create(CultureInfo.InvariantCulture,
                $"{child} is {child - parentOrder} levels below the catalog's parent_order {parentOrder}; at most {limits.MaxChildLevels} levels are allowed (Magg:Limits:MaxChildLevels)"));
        }
    }

    private static ConfigException SizeError(string source, InputLimits limits, long? bytes = null)
    {
        var limit = string.Create(CultureInfo.InvariantCulture, $"the {limits.MaxConfigBytes:N0}-byte limit for configs (Magg:Limits:MaxConfigBytes)");
        var problem = bytes is { } size ? string.Create(CultureInfo.InvariantCulture, $"is {size:N0} bytes, over {limit}") : $"is over {limit}";
        return new ConfigException(source, "(size)", problem);
    }

    private static YamlSection ReadRoot(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new GuardedYamlParser(new Parser(new StringReader(yaml)), source));
        }
        catch (YamlException e)
        {
            throw new ConfigException(source, "(yaml)", $"not valid YAML: {e.Message}", (int)e.Start.Line, (int)e.Start.Column, e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            throw new ConfigException(source, "(root)", "the config must be a YAML mapping with data_source, aggregation and output sections");
        }

        return new YamlSection(source, "", mapping);
    }

    private static DataSourceConfig ReadDataSource(YamlSection section, List<string> warnings)
    {
        WarnUnknown(section, ["reader", "driver", "groups", "coordinates", "variables", "quality_filter"], warnings);
        var driver = section.OptionalText("driver") switch
        {
            null or "s3" => GranuleDriver.S3,
            "https" => GranuleDriver.Https,
            var other => throw section.Error("driver", $"'{other}' is not a driver; choose s3 or https"),
        };

        var coordinates = section.Section("coordinates");
        WarnUnknown(coordinates, ["latitude", "longitude"], warnings);
        var variables = section.Section("variables");
        var columns = new List<KeyValuePair<string, string>>();
        foreach (var name in variables.Keys)
        {
            if (!IdentifierPattern().IsMatch(name))
            {
                throw variables.Error(name, "column names must be identifiers (letters, digits and _) so expressions can use them");
            }

            columns.Add(new(name, variables.Text(name)));
        }

        if (columns.Count == 0)
        {
            throw section.Error("variables", "must name at least one column");
        }

        QualityFilterConfig? qualityFilter = null;
        if (section.OptionalSection("quality_filter") is { } filter)
        {
            WarnUnknown(filter, ["dataset", "value"], warnings);
            qualityFilter = new QualityFilterConfig(filter.Text("dataset"),
                filter.OptionalNumber("value") ?? throw filter.Error("value", "is required"));
        }

        return new DataSourceConfig(section.OptionalText("reader") ?? "h5coro", driver, section.TextList("groups"),
            coordinates.Text("latitude"), coordinates.Text("longitude"), columns, qualityFilter);
    }

    private static AggregationConfig ReadAggregation(YamlSection section, DataSourceConfig dataSource, List<string> warnings)
    {
        WarnUnknown(section, ["coordinates", "variables"], warnings);
        var coordinates = section.OptionalSection("coordinates");
        if (coordinates is not null)
        {
            WarnUnknown(coordinates, ["cell_ids", "morton"], warnings);
        }

        var cellIds = ReadCoordinate(coordinates, "cell_ids", DataType.UInt64, [DataType.UInt64, DataType.Int64]);
        var morton = ReadCoordinate(coordinates, "morton", DataType.Int64, [DataType.Int64]);

        var variablesSection = section.Section("variables");
        var columns = dataSource.Variables.Select(v => v.Key).ToArray();
        var variables = variablesSection.Keys.Select(name => VariableReader.Read(variablesSection, name, columns)).ToArray();
        if (variables.Length == 0)
        {
            throw section.Error("variables", "must define at least one output variable");
        }

        return new AggregationConfig(cellIds, morton, variables);
    }

    private static CoordinateConfig ReadCoordinate(YamlSection? coordinates, string name, DataType defaultType, DataType[] allowed)
    {
        var section = coordinates?.OptionalSection(name);
        if (section is null)
        {
            return new CoordinateConfig(defaultType, 0);
        }

        var type = section.OptionalText("dtype") is { } text ? VariableReader.ParseDataType(section, "dtype", text) : defaultType;
        if (!allowed.Contains(type))
        {
            throw section.Error("dtype", $"must be {string.Join(" or ", allowed.Select(t => t.Name()))} to hold every {name} value");
        }

        return new CoordinateConfig(type, FillValues.Check(section, type, section.OptionalNumber("fill_value") ?? 0));
    }

    private static OutputConfig ReadOutput(YamlSection section, List<string> warnings)
    {
        WarnUnknown(section, ["grid", "store"], warnings);
        var grid = section.Section("grid");
        WarnUnknown(grid, ["type", "indexing_scheme", "child_order", "parent_order"], warnings);
        var type = grid.OptionalText("type") ?? "healpix";
        if (type != "healpix")
        {
            throw grid.Error("type", $"'{type}' is not supported; the grid type must be healpix");
        }

        var scheme = grid.OptionalText("indexing_scheme") ?? "nested";
        if (scheme != "nested")
        {
            throw grid.Error("indexing_scheme", $"'{scheme}' is not supported; the indexing scheme must be nested");
        }

        if (!grid.Has("child_order"))
        {
            throw grid.Error("child_order", "is required: the HEALPix order of the output cells (e.g. 12)");
        }

        var childOrder = grid.Integer("child_order", 0, Spatial.Morton.MaxOrder);
        int? parentOrder = grid.Has("parent_order") ? grid.Integer("parent_order", 0, childOrder) : null;
        return new OutputConfig(new GridConfig(type, scheme, childOrder) { ParentOrder = parentOrder }, section.OptionalText("store"));
    }

    private static void WarnUnknown(YamlSection section, string[] known, List<string> warnings)
    {
        foreach (var key in section.Keys.Where(k => !known.Contains(k)))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{section.KeyPath(key)}: unknown key, ignored"));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
