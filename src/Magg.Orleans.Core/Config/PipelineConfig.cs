using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Config;

/// <summary>A validated magg pipeline config (the YAML files magg users already have). Load with <c>PipelineConfigLoader</c>.</summary>
/// <param name="DataSource">What to read from each granule.</param>
/// <param name="Aggregation">What to compute per child cell.</param>
/// <param name="Output">The output grid and, optionally, the store.</param>
/// <param name="Catalog">Optional top-level <c>catalog</c>: default catalog path or URL.</param>
/// <param name="Bounds">Optional top-level <c>bounds</c>, used when building catalogs.</param>
/// <param name="SourceText">The YAML text this config was loaded from (part of a run's fingerprint).</param>
public sealed record PipelineConfig(
    DataSourceConfig DataSource,
    AggregationConfig Aggregation,
    OutputConfig Output,
    string? Catalog,
    BoundsConfig? Bounds,
    string SourceText)
{
    /// <summary>The HEALPix order of the output cells (<c>output.grid.child_order</c>).</summary>
    public int ChildOrder => Output.Grid.ChildOrder;

    /// <summary>Keys that were ignored because this service does not know them (as "path: unknown key, ignored").</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The <c>data_source</c> section.</summary>
/// <param name="Reader">Reader name from the file (magg's <c>h5coro</c>); this service always reads with PureHDF.</param>
/// <param name="Driver">Default granule driver.</param>
/// <param name="Groups">Beam groups, substituted for <c>{group}</c> in every path.</param>
/// <param name="Latitude">Latitude dataset path template.</param>
/// <param name="Longitude">Longitude dataset path template.</param>
/// <param name="Variables">Column name to dataset path template, in file order.</param>
/// <param name="QualityFilter">Optional: keep rows whose flag equals a value.</param>
public sealed record DataSourceConfig(
    string Reader,
    GranuleDriver Driver,
    IReadOnlyList<string> Groups,
    string Latitude,
    string Longitude,
    IReadOnlyList<KeyValuePair<string, string>> Variables,
    QualityFilterConfig? QualityFilter);

/// <summary><c>data_source.quality_filter</c>: keep rows whose <paramref name="Dataset"/> equals <paramref name="Value"/>.</summary>
public sealed record QualityFilterConfig(string Dataset, double Value);

/// <summary>How granules are fetched: byte ranges from S3, or HTTPS with an Earthdata bearer token.</summary>
public enum GranuleDriver
{
    /// <summary>S3 byte-range GETs (NSIDC temporary credentials in-region).</summary>
    S3,
    /// <summary>HTTPS with <c>Authorization: Bearer</c>, URLs rewritten from the catalog's <c>s3_base</c> to <c>https_base</c>.</summary>
    Https,
}

/// <summary>The <c>aggregation</c> section.</summary>
/// <param name="CellIds">Output coordinate <c>cell_ids</c> (NESTED id at child order).</param>
/// <param name="Morton">Output coordinate <c>morton</c> (decimal morton at child order).</param>
/// <param name="Variables">Output variables, in file order.</param>
public sealed record AggregationConfig(CoordinateConfig CellIds, CoordinateConfig Morton, IReadOnlyList<VariableConfig> Variables);

/// <summary>Type and fill value of an output coordinate array.</summary>
public sealed record CoordinateConfig(DataType DataType, double FillValue);

/// <summary>One output variable: exactly one of <see cref="Function"/> or <see cref="Expression"/>.</summary>
/// <param name="Name">Output array name.</param>
/// <param name="Function">The statistic, when the variable has <c>function</c>.</param>
/// <param name="Source">The column the statistic is computed over.</param>
/// <param name="Expression">The parsed <c>expression</c>, when the variable has one.</param>
/// <param name="ExpressionText">The expression as written.</param>
/// <param name="Weights">Parsed <c>params.weights</c> for <c>average</c> (a column is a trivial expression).</param>
/// <param name="Quantile">Parsed <c>params.q</c> for <c>quantile</c>.</param>
/// <param name="DataType">Output element type (default float32).</param>
/// <param name="FillValue">Value of children without observations (default NaN); <c>len</c>/<c>count</c> give 0.</param>
public sealed record VariableConfig(
    string Name,
    StatisticFunction? Function,
    string? Source,
    ExpressionNode? Expression,
    string? ExpressionText,
    ExpressionNode? Weights,
    double? Quantile,
    DataType DataType,
    double FillValue)
{
    /// <summary>True for <c>len</c> and <c>count</c>, whose empty-child value is 0 rather than the fill value.</summary>
    public bool IsCount => Function is StatisticFunction.Len or StatisticFunction.Count;
}

/// <summary>The <c>output</c> section.</summary>
public sealed record OutputConfig(GridConfig Grid, string? Store);

/// <summary><c>output.grid</c>: a HEALPix nested grid at <paramref name="ChildOrder"/>.</summary>
public sealed record GridConfig(string Type, string IndexingScheme, int ChildOrder)
{
    /// <summary>Optional <c>output.grid.parent_order</c>: the order of the catalog's parent (shard) cells.</summary>
    public int? ParentOrder { get; init; }
}

/// <summary>Optional <c>bounds</c>: a date range and a spatial extent for catalog building.</summary>
public sealed record BoundsConfig(DateOnly? StartDate, DateOnly? EndDate, IReadOnlyList<(double Longitude, double Latitude)>? Polygon);
