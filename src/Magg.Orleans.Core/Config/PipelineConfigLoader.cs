using System.Globalization;
using System.Text.RegularExpressions;
using Magg.Orleans.Core.Aggregation;
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

    /// <summary>Loads a config from a YAML file.</summary>
    public static async Task<PipelineConfig> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, "(file)", $"cannot be read: {e.Message}", innerException: e);
        }

        return Parse(text, path);
    }

    /// <summary>
    /// A built-in config by name (see <see cref="BuiltInConfigs.Names"/>), or else a YAML file at that path.
    /// </summary>
    public static async Task<PipelineConfig> ResolveAsync(string nameOrPath, CancellationToken cancellationToken = default)
    {
        if (BuiltInConfigs.TryGetText(nameOrPath, out var builtIn))
        {
            return Parse(builtIn, $"built-in config '{nameOrPath}'");
        }

        if (!File.Exists(nameOrPath))
        {
            throw new ConfigException(nameOrPath, "(file)",
                $"no such file, and not a built-in config (built-in: {string.Join(", ", BuiltInConfigs.Names)})");
        }

        return await LoadAsync(nameOrPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses and validates YAML text; <paramref name="source"/> names it in error messages.</summary>
    public static PipelineConfig Parse(string yaml, string source = "config")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = ReadRoot(yaml, source);
        var warnings = new List<string>();
        WarnUnknown(root, KnownTopLevel, warnings);

        var dataSource = ReadDataSource(root.Section("data_source"), warnings);
        var aggregation = ReadAggregation(root.Section("aggregation"), dataSource, warnings);
        var output = ReadOutput(root.Section("output"), warnings);
        var bounds = root.OptionalSection("bounds") is { } boundsSection ? BoundsReader.Read(boundsSection) : null;
        return new PipelineConfig(dataSource, aggregation, output, root.OptionalText("catalog"), bounds, yaml) { Warnings = warnings };
    }

    private static YamlSection ReadRoot(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
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

        var fill = section.OptionalNumber("fill_value") ?? 0;
        return type.CanHold(fill) ? new CoordinateConfig(type, fill) : throw section.Error("fill_value", $"{fill} is not a {type.Name()} value");
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
