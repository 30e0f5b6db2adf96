using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// Evaluates a parsed expression for every child of a parent cell at once. Element-wise parts run over the whole
/// child-ordered column (one pass, not one per child); reductions run per child segment; a per-child value used in
/// element-wise arithmetic with a column is broadcast over that child's rows, as numpy would within one child.
/// Row-length results live in <paramref name="scratch"/> (valid for the first <see cref="ChildSegments.Count"/> rows).
/// </summary>
internal sealed class SegmentEvaluator(ChildSegments segments, IReadOnlyDictionary<string, int> columnIndex, ScratchArrays scratch)
{
    private readonly Dictionary<string, SegmentValue> _computed = new(StringComparer.Ordinal);
    private double[]? _scratch;
    private Dictionary<int, double[]>? _selectionCopies;

    /// <summary>
    /// The value of <paramref name="node"/>; a subexpression met again (e.g. <c>1.0 / s_li**2</c> in both the weights
    /// and the sigma of atl06) is computed once per cell.
    /// </summary>
    public SegmentValue Evaluate(ExpressionNode node)
    {
        if (node is NumberNode or ColumnNode)
        {
            return EvaluateNode(node);
        }

        var key = ExpressionPrinter.Print(node);
        if (!_computed.TryGetValue(key, out var value))
        {
            value = EvaluateNode(node);
            _computed[key] = value;
        }

        return value;
    }

    private SegmentValue EvaluateNode(ExpressionNode node) => node switch
    {
        NumberNode number => SegmentValue.Of(number.Value),
        ColumnNode column => SegmentValue.Series(segments.Columns[columnIndex[column.Name]]),
        UnaryNode { Operator: UnaryOperator.Plus } unary => Evaluate(unary.Operand),
        UnaryNode unary => Map<NegateOperation>(Evaluate(unary.Operand)),
        BinaryNode binary => EvaluateBinary(binary),
        CallNode call => EvaluateCall(call),
        _ => throw new NotSupportedException($"Unknown expression node {node.GetType().Name}."),
    };

    private SegmentValue EvaluateBinary(BinaryNode node)
    {
        var left = Evaluate(node.Left);
        var right = Evaluate(node.Right);
        return node.Operator switch
        {
            BinaryOperator.Add => Combine<AddOperation>(left, right),
            BinaryOperator.Subtract => Combine<SubtractOperation>(left, right),
            BinaryOperator.Multiply => Combine<MultiplyOperation>(left, right),
            BinaryOperator.Divide => Combine<DivideOperation>(left, right),
            // numpy squares an array raised to the scalar 2 with a multiplication (same result as pow, faster).
            BinaryOperator.Power when left.Kind == SegmentValueKind.Series && right is { Kind: SegmentValueKind.Constant, Constant: 2.0 }
                => Map<SquareOperation>(left),
            BinaryOperator.Power => Combine<PowerOperation>(left, right),
            _ => throw new NotSupportedException($"Unknown operator {node.Operator}."),
        };
    }

    private SegmentValue EvaluateCall(CallNode node)
    {
        var argument = Evaluate(node.Arguments[0]);
        switch (node.Function)
        {
            case ExpressionFunction.Sqrt: return Map<SqrtOperation>(argument);
            case ExpressionFunction.Abs: return Map<AbsOperation>(argument);
            case ExpressionFunction.Log: return Map<LogOperation>(argument);
            case ExpressionFunction.Exp: return Map<ExpOperation>(argument);
            case ExpressionFunction.ToFloat: return RequireScalar(argument, node);
            case ExpressionFunction.ToInt: return Map<TruncateOperation>(RequireScalar(argument, node));
            case ExpressionFunction.Quantile:
                var q = Evaluate(node.Arguments[1]);
                if (q.Kind != SegmentValueKind.Constant)
                {
                    throw new InvalidOperationException("np.quantile needs a constant q.");
                }

                return Reduce(argument, node.Function, q.Constant);
            default:
                return Reduce(argument, node.Function, 0);
        }
    }

    private static SegmentValue RequireScalar(SegmentValue value, CallNode node) =>
        value.Kind != SegmentValueKind.Series
            ? value
            : throw new InvalidOperationException($"{node.Function} needs one value per cell, not a column (position {node.Position}).");

    private SegmentValue Reduce(SegmentValue argument, ExpressionFunction function, double q)
    {
        if (argument.Kind != SegmentValueKind.Series)
        {
            // A reduction of one value per cell (numpy reducing a 0-d value): spread is 0, everything else is the value.
            return function switch
            {
                ExpressionFunction.Len => throw new InvalidOperationException("len() needs a column."),
                ExpressionFunction.Std or ExpressionFunction.Var => Combine<SubtractOperation>(argument, argument),
                _ => argument,
            };
        }

        var series = argument.Values!;
        var result = new double[segments.ChildCount];
        for (var child = 0; child < result.Length; child++)
        {
            var count = segments.CountOf(child);
            if (count == 0)
            {
                result[child] = double.NaN;
                continue;
            }

            var values = segments.Segment(series, child);
            result[child] = function switch
            {
                ExpressionFunction.Sum => NumpyMath.Sum(values),
                ExpressionFunction.Mean => NumpyMath.Mean(values),
                ExpressionFunction.Min => NumpyMath.Min(values),
                ExpressionFunction.Max => NumpyMath.Max(values),
                ExpressionFunction.Var => NumpyMath.Variance(values, Scratch(count)),
                ExpressionFunction.Std => Math.Sqrt(NumpyMath.Variance(values, Scratch(count))),
                ExpressionFunction.Len => count,
                ExpressionFunction.Median => NumpyMath.Median(values, Scratch(count)),
                ExpressionFunction.Quantile => NumpyMath.Quantile(values, q, Scratch(count)),
                _ => throw new NotSupportedException($"{function} is not a reduction."),
            };
        }

        return SegmentValue.PerChild(result);
    }

    /// <summary>A copy of column <paramref name="index"/> that order-statistic selections may reorder within children; one per cell.</summary>
    public double[] SelectionCopy(int index, double[] column)
    {
        _selectionCopies ??= [];
        if (!_selectionCopies.TryGetValue(index, out var copy))
        {
            copy = scratch.Doubles(segments.Count);
            column.AsSpan(0, segments.Count).CopyTo(copy);
            _selectionCopies[index] = copy;
        }

        return copy;
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> values, reused across children.</summary>
    public Span<double> Scratch(int length)
    {
        if (_scratch is null || _scratch.Length < length)
        {
            _scratch = new double[Math.Max(length, 1024)];
        }

        return _scratch.AsSpan(0, length);
    }

    private SegmentValue Map<TOperation>(SegmentValue value) where TOperation : IUnaryOperation
    {
        if (value.Kind == SegmentValueKind.Constant)
        {
            return SegmentValue.Of(TOperation.Apply(value.Constant));
        }

        var source = value.Values!;
        var length = value.Kind == SegmentValueKind.Series ? segments.Count : segments.ChildCount;
        var result = value.Kind == SegmentValueKind.Series ? scratch.Doubles(length) : GC.AllocateUninitializedArray<double>(length);
        for (var i = 0; i < length; i++)
        {
            result[i] = TOperation.Apply(source[i]);
        }

        return value with { Values = result };
    }

    private SegmentValue Combine<TOperation>(SegmentValue left, SegmentValue right) where TOperation : IBinaryOperation
    {
        if (left.Kind == SegmentValueKind.Constant && right.Kind == SegmentValueKind.Constant)
        {
            return SegmentValue.Of(TOperation.Apply(left.Constant, right.Constant));
        }

        var kind = left.Kind == SegmentValueKind.Series || right.Kind == SegmentValueKind.Series ? SegmentValueKind.Series : SegmentValueKind.PerChild;
        var length = kind == SegmentValueKind.Series ? segments.Count : segments.ChildCount;
        var result = kind == SegmentValueKind.Series ? scratch.Doubles(length) : GC.AllocateUninitializedArray<double>(length);
        if (left.Kind == right.Kind)
        {
            var (a, b) = (left.Values!, right.Values!);
            for (var i = 0; i < length; i++)
            {
                result[i] = TOperation.Apply(a[i], b[i]);
            }
        }
        else if (left.Kind == SegmentValueKind.Constant || right.Kind == SegmentValueKind.Constant)
        {
            var constantOnLeft = left.Kind == SegmentValueKind.Constant;
            var scalar = constantOnLeft ? left.Constant : right.Constant;
            var values = constantOnLeft ? right.Values! : left.Values!;
            for (var i = 0; i < length; i++)
            {
                result[i] = constantOnLeft ? TOperation.Apply(scalar, values[i]) : TOperation.Apply(values[i], scalar);
            }
        }
        else
        {
            // A series against one value per child: broadcast each child's value over its rows.
            var seriesOnLeft = left.Kind == SegmentValueKind.Series;
            var series = seriesOnLeft ? left.Values! : right.Values!;
            var perChild = seriesOnLeft ? right.Values! : left.Values!;
            for (var child = 0; child < segments.ChildCount; child++)
            {
                var value = perChild[child];
                for (var i = segments.Offsets[child]; i < segments.Offsets[child + 1]; i++)
                {
                    result[i] = seriesOnLeft ? TOperation.Apply(series[i], value) : TOperation.Apply(value, series[i]);
                }
            }
        }

        return new SegmentValue(kind, 0, result);
    }
}
