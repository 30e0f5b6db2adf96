using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// Evaluates the compiled expressions of a config for every child of a parent cell at once. Element-wise parts run over
/// the whole child-ordered column (one pass, not one per child); reductions run per child segment; a per-child value
/// used in element-wise arithmetic with a column is broadcast over that child's rows, as numpy would within one child.
/// </summary>
/// <remarks>
/// Evaluation is iterative (explicit frame and value stacks). Memory: every temporary is an array of one value per
/// observation (or per child). At any moment the evaluator holds the values on its stack (at most
/// <see cref="ExpressionPlan.MaxSlots"/>), the memoised repeats (at most <see cref="ExpressionPlan.MaxMemoArrays"/>,
/// each dropped after its last use) and the result being built, so it never holds more than
/// <see cref="ExpressionPlan.MaxLiveTemporaries"/> arrays (13 for any expression the parser accepts), whatever the
/// expression's size. <see cref="PeakLiveTemporaries"/> measures it. With <see cref="ScratchArrays"/>, row-length
/// temporaries come from it and go back to it when they die, so they are reused rather than collected.
/// </remarks>
internal sealed class SegmentEvaluator
{
    private readonly ChildSegments _segments;
    private readonly ExpressionPlan _plan;
    private readonly int[] _remaining;
    private readonly Dictionary<int, SegmentValue> _memo = [];
    private readonly List<Slot> _values = [];
    private readonly Stack<(int Node, bool Ready)> _frames = new();
    private readonly HashSet<double[]> _live = new(ReferenceEqualityComparer.Instance);
    private readonly ScratchArrays? _arrays;
    private double[]? _scratch;
    private Dictionary<int, double[]>? _selectionCopies;

    /// <summary>
    /// Prepares the evaluation of <paramref name="plan"/> over one cell's <paramref name="segments"/>, taking row-length
    /// temporaries from <paramref name="arrays"/> when given.
    /// </summary>
    public SegmentEvaluator(ChildSegments segments, ExpressionPlan plan, ScratchArrays? arrays = null)
    {
        _segments = segments;
        _plan = plan;
        _remaining = plan.Uses.ToArray();
        _arrays = arrays;
    }

    /// <summary>Most temporary arrays (not input columns) alive at once so far.</summary>
    public int PeakLiveTemporaries { get; private set; }

    /// <summary>How many values were memoised so far.</summary>
    public int MemoStores { get; private set; }

    /// <summary>Memoised values still held (each is dropped after its last use).</summary>
    public int MemoEntries => _memo.Count;

    /// <summary>
    /// The value of compiled expression <paramref name="root"/> (an index into <see cref="ExpressionPlan.Roots"/>); a
    /// subexpression that repeats (e.g. <c>1.0 / s_li**2</c> in both the weights and the sigma of atl06) is computed once per cell.
    /// </summary>
    public SegmentValue Evaluate(int root)
    {
        _frames.Push((_plan.Roots[root], false));
        while (_frames.TryPop(out var frame))
        {
            var node = _plan.Nodes[frame.Node];
            if (frame.Ready)
            {
                Complete(frame.Node, node);
            }
            else
            {
                Start(frame.Node, node);
            }
        }

        var result = _values[^1];
        _values.Clear();
        return result.Value;
    }

    private void Start(int id, PlanNode node)
    {
        switch (node.Kind)
        {
            case PlanKind.Constant:
                _values.Add(new Slot(SegmentValue.Of(node.Constant), false));
                return;
            case PlanKind.Column:
                _values.Add(new Slot(SegmentValue.Series(_segments.Columns[node.Column]), false));
                return;
        }

        if (_memo.TryGetValue(id, out var memo))
        {
            if (--_remaining[id] <= 0)
            {
                _memo.Remove(id);
            }

            _values.Add(new Slot(memo, memo.Values is not null));
            return;
        }

        _frames.Push((id, true));
        if (node.Second < 0)
        {
            _frames.Push((node.First, false));
            return;
        }

        // Pushed in reverse: the operand evaluated first is popped first.
        _frames.Push(node.SecondFirst ? (node.First, false) : (node.Second, false));
        _frames.Push(node.SecondFirst ? (node.Second, false) : (node.First, false));
    }

    private void Complete(int id, PlanNode node)
    {
        var arity = node.Second < 0 ? 1 : 2;
        var evaluatedFirst = _values[^arity].Value;
        var evaluatedLast = _values[^1].Value;
        var (first, second) = node.SecondFirst ? (evaluatedLast, evaluatedFirst) : (evaluatedFirst, evaluatedLast);
        var result = node.Kind switch
        {
            PlanKind.Negate => Map<NegateOperation>(first),
            PlanKind.Binary => EvaluateBinary(node.Operator, first, second),
            PlanKind.Call => EvaluateCall(node.Function, first, second),
            _ => throw new NotSupportedException($"Unknown plan node {node.Kind}."),
        };

        CountLive(result);
        var operands = _values.GetRange(_values.Count - arity, arity);
        _values.RemoveRange(_values.Count - arity, arity);
        if (--_remaining[id] > 0 && (result.Values is null || MemoArrays() < ExpressionPlan.MaxMemoArrays))
        {
            _memo[id] = result;
            MemoStores++;
        }

        _values.Add(new Slot(result, result.Values is not null));
        Release(operands);
    }

    // Gives operands that died (made here, no longer on the stack or memoised) back to the scratch arrays.
    private void Release(List<Slot> operands)
    {
        if (_arrays is null)
        {
            return;
        }

        foreach (var operand in operands)
        {
            var array = operand.Value.Values;
            if (operand.Temporary && array is not null && operand.Value.Kind == SegmentValueKind.Series && _arrays.Owns(array)
                && !_values.Any(v => ReferenceEquals(v.Value.Values, array)) && !_memo.Values.Any(v => ReferenceEquals(v.Values, array))
                && !operands.Take(operands.IndexOf(operand)).Any(v => ReferenceEquals(v.Value.Values, array)))
            {
                _arrays.Return(array);
            }
        }
    }

    private int MemoArrays() => _memo.Values.Count(v => v.Values is not null);

    private void CountLive(SegmentValue result)
    {
        _live.Clear();
        foreach (var slot in _values)
        {
            if (slot.Temporary)
            {
                _live.Add(slot.Value.Values!);
            }
        }

        foreach (var value in _memo.Values)
        {
            if (value.Values is not null)
            {
                _live.Add(value.Values);
            }
        }

        if (result.Values is not null && !_segments.Columns.Contains(result.Values))
        {
            _live.Add(result.Values);
        }

        PeakLiveTemporaries = Math.Max(PeakLiveTemporaries, _live.Count);
    }

    private SegmentValue EvaluateBinary(BinaryOperator op, SegmentValue left, SegmentValue right) => op switch
    {
        BinaryOperator.Add => Combine<AddOperation>(left, right),
        BinaryOperator.Subtract => Combine<SubtractOperation>(left, right),
        BinaryOperator.Multiply => Combine<MultiplyOperation>(left, right),
        BinaryOperator.Divide => Combine<DivideOperation>(left, right),
        // numpy squares an array raised to the scalar 2 with a multiplication (same result as pow, faster).
        BinaryOperator.Power when left.Kind == SegmentValueKind.Series && right is { Kind: SegmentValueKind.Constant, Constant: 2.0 }
            => Map<SquareOperation>(left),
        BinaryOperator.Power => Combine<PowerOperation>(left, right),
        _ => throw new NotSupportedException($"Unknown operator {op}."),
    };

    private SegmentValue EvaluateCall(ExpressionFunction function, SegmentValue argument, SegmentValue second)
    {
        switch (function)
        {
            case ExpressionFunction.Sqrt: return Map<SqrtOperation>(argument);
            case ExpressionFunction.Abs: return Map<AbsOperation>(argument);
            case ExpressionFunction.Log: return Map<LogOperation>(argument);
            case ExpressionFunction.Exp: return Map<ExpOperation>(argument);
            case ExpressionFunction.ToFloat: return RequireScalar(argument, function);
            case ExpressionFunction.ToInt: return Map<TruncateOperation>(RequireScalar(argument, function));
            case ExpressionFunction.Quantile:
                if (second.Kind != SegmentValueKind.Constant)
                {
                    throw new InvalidOperationException("np.quantile needs a constant q.");
                }

                return Reduce(argument, function, second.Constant);
            default:
                return Reduce(argument, function, 0);
        }
    }

    private static SegmentValue RequireScalar(SegmentValue value, ExpressionFunction function) =>
        value.Kind != SegmentValueKind.Series
            ? value
            : throw new InvalidOperationException($"{function} needs one value per cell, not a column.");

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
        var result = new double[_segments.ChildCount];
        for (var child = 0; child < result.Length; child++)
        {
            var count = _segments.CountOf(child);
            if (count == 0)
            {
                result[child] = double.NaN;
                continue;
            }

            var values = _segments.Segment(series, child);
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
            copy = _arrays?.Doubles(_segments.Count) ?? GC.AllocateUninitializedArray<double>(_segments.Count);
            column.AsSpan(0, _segments.Count).CopyTo(copy);
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
        var length = value.Kind == SegmentValueKind.Series ? _segments.Count : _segments.ChildCount;
        var result = Allocate(value.Kind, length);
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
        var length = kind == SegmentValueKind.Series ? _segments.Count : _segments.ChildCount;
        var result = Allocate(kind, length);
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
            for (var child = 0; child < _segments.ChildCount; child++)
            {
                var value = perChild[child];
                for (var i = _segments.Offsets[child]; i < _segments.Offsets[child + 1]; i++)
                {
                    result[i] = seriesOnLeft ? TOperation.Apply(series[i], value) : TOperation.Apply(value, series[i]);
                }
            }
        }

        return new SegmentValue(kind, 0, result);
    }

    private double[] Allocate(SegmentValueKind kind, int length) =>
        kind == SegmentValueKind.Series && _arrays is not null ? _arrays.Doubles(length) : GC.AllocateUninitializedArray<double>(length);

    /// <summary>A value on the evaluation stack; <paramref name="Temporary"/> when it holds an array the evaluator made.</summary>
    private readonly record struct Slot(SegmentValue Value, bool Temporary);
}
