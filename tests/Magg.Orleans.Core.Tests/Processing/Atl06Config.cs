using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Tests.Processing;

/// <summary>The reference atl06.yaml as a config record, built by hand (independent of the YAML loader).</summary>
internal static class Atl06Config
{
    public static PipelineConfig Build(int childOrder = 12)
    {
        static ExpressionNode InverseVariance() =>
            new BinaryNode(BinaryOperator.Divide, new NumberNode(1.0, 0),
                new BinaryNode(BinaryOperator.Power, new ColumnNode("s_li", 6), new NumberNode(2, 12), 10), 4);

        VariableConfig Function(string name, StatisticFunction function, DataType type = DataType.Float32, double? q = null, ExpressionNode? weights = null) =>
            new(name, function, "h_li", null, null, weights, q, type, type == DataType.Int32 ? 0 : double.NaN);

        var sigma = new BinaryNode(BinaryOperator.Divide, new NumberNode(1.0, 0),
            new CallNode(ExpressionFunction.Sqrt, [new CallNode(ExpressionFunction.Sum, [InverseVariance()], 14)], 6), 4);

        var dataSource = new DataSourceConfig("h5coro", GranuleDriver.S3, ["gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"],
            "/{group}/land_ice_segments/latitude", "/{group}/land_ice_segments/longitude",
            [new("h_li", "/{group}/land_ice_segments/h_li"), new("s_li", "/{group}/land_ice_segments/h_li_sigma")],
            new QualityFilterConfig("/{group}/land_ice_segments/atl06_quality_summary", 0));
        var aggregation = new AggregationConfig(new CoordinateConfig(DataType.UInt64, 0), new CoordinateConfig(DataType.Int64, 0),
        [
            Function("count", StatisticFunction.Len, DataType.Int32),
            Function("h_min", StatisticFunction.Min),
            Function("h_max", StatisticFunction.Max),
            Function("h_mean", StatisticFunction.Average, weights: InverseVariance()),
            new VariableConfig("h_sigma", null, null, sigma, "1.0 / np.sqrt(np.sum(1.0 / s_li**2))", null, null, DataType.Float32, double.NaN),
            Function("h_variance", StatisticFunction.Var),
            Function("h_q25", StatisticFunction.Quantile, q: 0.25),
            Function("h_q50", StatisticFunction.Quantile, q: 0.50),
            Function("h_q75", StatisticFunction.Quantile, q: 0.75),
        ]);
        return new PipelineConfig(dataSource, aggregation, new OutputConfig(new GridConfig("healpix", "nested", childOrder), null), null, null, "");
    }
}
