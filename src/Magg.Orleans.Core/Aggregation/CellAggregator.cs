using System.Collections.Concurrent;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Expressions;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// Computes every configured variable for the children of a parent cell, with numpy semantics in float64, rounded
/// once to each variable's dtype. Built once per config; thread-safe.
/// </summary>
public sealed class CellAggregator
{
    // Work arrays of aggregations, kept for the next ones (up to a few, as many as cells are aggregated at once).
    private const int MaxKeptScratch = 4;
    private const int MaxKeptScratchRows = 1024 * 1024;

    private readonly ConcurrentBag<ScratchArrays> _scratch = [];
    private readonly PipelineConfig _config;
    private readonly Dictionary<string, int> _columnIndex;
    private readonly ExpressionPlan _plan;
    private readonly int[] _roots;

    /// <summary>Prepares the aggregation of <paramref name="config"/>.</summary>
    public CellAggregator(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        ColumnNames = config.DataSource.Variables.Select(v => v.Key).ToArray();
        _columnIndex = ColumnNames.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);

        // One plan for every expression of the config, in the order Aggregate evaluates them, so repeats are shared.
        var expressions = new List<ExpressionNode>();
        _roots = config.Aggregation.Variables.Select(v => (v.Expression ?? v.Weights) is { } e ? Add(expressions, e) : -1).ToArray();
        _plan = ExpressionPlan.Compile(expressions, _columnIndex);
    }

    /// <summary>The compiled expressions of the config.</summary>
    internal ExpressionPlan Plan => _plan;

    /// <summary>The observation columns, in the order an <see cref="ObservationBuffer"/> for this config holds them.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>A new, empty buffer with this config's columns.</summary>
    public ObservationBuffer CreateBuffer(int capacity = 1024) => new(ColumnNames.Count, capacity);

    /// <summary>Aggregates <paramref name="observations"/> (child indices relative to <paramref name="parentMorton"/>).</summary>
    public ChildTable Aggregate(long parentMorton, ObservationBuffer observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var childCount = Morton.ChildCount(parentMorton, _config.ChildOrder);
        var scratch = _scratch.TryTake(out var kept) ? kept : new ScratchArrays();
        try
        {
            return Aggregate(parentMorton, observations, childCount, scratch);
        }
        finally
        {
            scratch.Reset();
            if (_scratch.Count < MaxKeptScratch && scratch.Capacity <= MaxKeptScratchRows)
            {
                _scratch.Add(scratch);
            }
        }
    }

    private ChildTable Aggregate(long parentMorton, ObservationBuffer observations, int childCount, ScratchArrays scratch)
    {
        var childOrder = _config.ChildOrder;
        var segments = ChildSegments.Build(observations, childCount, scratch);
        var evaluator = new SegmentEvaluator(segments, _plan, scratch);

        var variables = new ChildColumn[_config.Aggregation.Variables.Count];
        for (var v = 0; v < variables.Length; v++)
        {
            var variable = _config.Aggregation.Variables[v];
            var perChild = Compute(variable, _roots[v], segments, evaluator);
            var values = variable.DataType.CreateArray(childCount);
            for (var child = 0; child < childCount; child++)
            {
                var empty = segments.CountOf(child) == 0;
                var value = empty ? (variable.IsCount ? 0 : variable.FillValue) : perChild.ForChild(child);
                DataTypes.Store(values, child, value, variable.FillValue);
            }

            variables[v] = new ChildColumn(variable.Name, variable.DataType, variable.FillValue, values);
        }

        return new ChildTable(parentMorton, childOrder, CellIdsColumn(parentMorton, childCount), MortonColumn(parentMorton, childCount), variables);
    }

    private static int Add(List<ExpressionNode> expressions, ExpressionNode expression)
    {
        expressions.Add(expression);
        return expressions.Count - 1;
    }

    private SegmentValue Compute(VariableConfig variable, int root, ChildSegments segments, SegmentEvaluator evaluator)
    {
        if (variable.Expression is not null)
        {
            var result = evaluator.Evaluate(root);
            return result.Kind != SegmentValueKind.Series
                ? result
                : throw new InvalidOperationException($"Expression of '{variable.Name}' does not reduce to one value per cell.");
        }

        var function = variable.Function!.Value;
        if (function is StatisticFunction.Len or StatisticFunction.Count)
        {
            return PerChild(segments, static (_, count, _) => count, null);
        }

        var columnIndex = _columnIndex[variable.Source!];
        var column = segments.Columns[columnIndex];
        switch (function)
        {
            case StatisticFunction.Min: return PerChild(segments, (child, _, _) => NumpyMath.Min(segments.Segment(column, child)), null);
            case StatisticFunction.Max: return PerChild(segments, (child, _, _) => NumpyMath.Max(segments.Segment(column, child)), null);
            case StatisticFunction.Sum: return PerChild(segments, (child, _, _) => NumpyMath.Sum(segments.Segment(column, child)), null);
            case StatisticFunction.Mean: return PerChild(segments, (child, _, _) => NumpyMath.Mean(segments.Segment(column, child)), null);
            case StatisticFunction.Var:
                return PerChild(segments, (child, count, e) => NumpyMath.Variance(segments.Segment(column, child), e!.Scratch(count)), evaluator);
            case StatisticFunction.Std:
                return PerChild(segments, (child, count, e) => Math.Sqrt(NumpyMath.Variance(segments.Segment(column, child), e!.Scratch(count))), evaluator);
            case StatisticFunction.Median:
            {
                var work = evaluator.SelectionCopy(columnIndex, column);
                return PerChild(segments, (child, _, _) => SelectInChild(segments, column, work, child, NumpyMath.MedianInPlace), null);
            }

            case StatisticFunction.Quantile:
            {
                var q = variable.Quantile!.Value;
                var work = evaluator.SelectionCopy(columnIndex, column);
                return PerChild(segments, (child, _, _) => SelectInChild(segments, column, work, child, w => NumpyMath.QuantileInPlace(w, q)), null);
            }

            case StatisticFunction.Average when variable.Weights is null:
                return PerChild(segments, (child, _, _) => NumpyMath.Mean(segments.Segment(column, child)), null);
            case StatisticFunction.Average:
            {
                var weights = evaluator.Evaluate(root);
                if (weights.Kind != SegmentValueKind.Series)
                {
                    throw new InvalidOperationException($"Weights of '{variable.Name}' must have one value per observation.");
                }

                var w = weights.Values!;
                return PerChild(segments,
                    (child, count, e) => NumpyMath.WeightedAverage(segments.Segment(column, child), segments.Segment(w, child), e!.Scratch(count)),
                    evaluator);
            }

            default:
                throw new NotSupportedException($"Function {function} of '{variable.Name}'.");
        }
    }

    // Quantiles of one column share a working copy that selection reorders within each child: the values stay the same.
    private static double SelectInChild(ChildSegments segments, double[] column, double[] work, int child, SpanStatistic statistic) =>
        NumpyMath.HasNaN(segments.Segment(column, child))
            ? double.NaN
            : statistic(work.AsSpan(segments.Offsets[child], segments.CountOf(child)));

    private delegate double SpanStatistic(Span<double> values);

    private static SegmentValue PerChild(ChildSegments segments, Func<int, int, SegmentEvaluator?, double> statistic, SegmentEvaluator? evaluator)
    {
        var result = new double[segments.ChildCount];
        for (var child = 0; child < result.Length; child++)
        {
            var count = segments.CountOf(child);
            result[child] = count == 0 ? double.NaN : statistic(child, count, evaluator);
        }

        return SegmentValue.PerChild(result);
    }

    private ChildColumn CellIdsColumn(long parentMorton, int childCount)
    {
        var coordinate = _config.Aggregation.CellIds;
        var nested = new ulong[childCount];
        Morton.Children(parentMorton, _config.ChildOrder, new long[childCount], nested);
        Array values = coordinate.DataType == DataType.Int64 ? Array.ConvertAll(nested, n => (long)n) : nested;
        return new ChildColumn("cell_ids", coordinate.DataType, coordinate.FillValue, values);
    }

    private ChildColumn MortonColumn(long parentMorton, int childCount)
    {
        var mortons = new long[childCount];
        Morton.Children(parentMorton, _config.ChildOrder, mortons, default);
        return new ChildColumn("morton", _config.Aggregation.Morton.DataType, _config.Aggregation.Morton.FillValue, mortons);
    }
}
