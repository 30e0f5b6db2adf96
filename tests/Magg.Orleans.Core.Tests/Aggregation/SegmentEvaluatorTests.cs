using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Tests.Aggregation;

/// <summary>
/// The expression evaluator's memory: it holds a bounded number of temporary arrays (each one value per observation)
/// whatever the expression's shape, memoises only repeated subexpressions, and computes what a direct per-child
/// evaluation computes.
/// </summary>
public sealed class SegmentEvaluatorTests
{
    private static readonly Dictionary<string, int> ColumnIndex = new(StringComparer.Ordinal) { ["h_li"] = 0, ["s_li"] = 1 };
    private static readonly string[] ColumnNames = ["h_li", "s_li"];

    [Fact]
    public void RightLeaningChainOfTemporaries_HoldsAFewArrays_NotOnePerLevel()
    {
        // Evaluated left operand first, this would hold 25 products at once; the plan evaluates the deeper side first.
        var text = string.Concat(Enumerable.Range(1, 25).Select(k => $"h_li * {k} + (")) + "s_li" + new string(')', 25);
        var (evaluator, plan, segments) = Evaluator(4, 1000, text);

        var value = evaluator.Evaluate(0);

        Assert.Equal(3, plan.MaxSlots);
        Assert.InRange(evaluator.PeakLiveTemporaries, 1, 4);
        var h = segments.Columns[0];
        var s = segments.Columns[1];
        for (var i = 0; i < h.Length; i++)
        {
            var expected = s[i];
            for (var k = 25; k >= 1; k--)
            {
                expected = h[i] * k + expected;
            }

            Assert.Equal(expected, value.Values![i]);
        }
    }

    [Fact]
    public void LeftLeaningChain_HoldsAtMostThreeArrays()
    {
        var (evaluator, plan, _) = Evaluator(4, 1000, string.Join(" + ", Enumerable.Range(1, 60).Select(k => $"h_li * {k}")));

        evaluator.Evaluate(0);

        Assert.Equal(3, plan.MaxSlots);   // the running sum, the next product, and the new sum
        Assert.InRange(evaluator.PeakLiveTemporaries, 1, 3);
    }

    [Fact]
    public void BalancedTree_HoldsAboutItsHeightInArrays()
    {
        var (evaluator, plan, _) = Evaluator(4, 1000, Balanced(6, 0));   // 64 distinct products h_li * k, 6 levels of sums: 255 nodes

        evaluator.Evaluate(0);

        Assert.Equal(8, plan.MaxSlots);
        Assert.InRange(evaluator.PeakLiveTemporaries, 1, plan.MaxSlots + 1);
    }

    [Fact]
    public void Atl06_MemoisesOnlyTheRepeatedWeights_AndDropsThemAfterTheirLastUse()
    {
        var config = PipelineConfigLoader.Parse(File.ReadAllText(Magg.Orleans.TestSupport.TestData.ReferenceConfig));
        var aggregator = new CellAggregator(config);
        var segments = Segments(16, 500);
        var evaluator = new SegmentEvaluator(segments, aggregator.Plan);

        Assert.Equal(["(1 / (s_li ** 2))"], aggregator.Plan.Repeated());
        evaluator.Evaluate(0);   // h_mean's weights
        Assert.Equal((1, 1), (evaluator.MemoStores, evaluator.MemoEntries));
        evaluator.Evaluate(1);   // h_sigma reuses them, the last use
        Assert.Equal((1, 0), (evaluator.MemoStores, evaluator.MemoEntries));
    }

    [Fact]
    public void ExpressionWithoutRepeats_MemoisesNothing()
    {
        var (evaluator, plan, _) = Evaluator(4, 100, "np.sum(h_li * 2) + np.mean(s_li) - np.max(h_li / s_li)");

        evaluator.Evaluate(0);

        Assert.Empty(plan.Repeated());
        Assert.Equal(0, evaluator.MemoStores);
    }

    [Fact]
    public void ManyRepeats_StayWithinTheMemoBudget_AndGiveTheSameValues()
    {
        // Six series each used again by a last expression: at most four are kept, the others are recomputed.
        string[] texts = [.. Enumerable.Range(1, 6).Select(k => $"h_li * {k}"), string.Join(" + ", Enumerable.Range(1, 6).Select(k => $"h_li * {k}"))];
        var segments = Segments(4, 1000);
        var plan = ExpressionPlan.Compile(texts.Select(t => ExpressionParser.Parse(t, ColumnNames)).ToArray(), ColumnIndex);
        var evaluator = new SegmentEvaluator(segments, plan);

        var values = Enumerable.Range(0, texts.Length).Select(r => evaluator.Evaluate(r).Values!).ToArray();

        Assert.Equal(6, plan.Repeated().Count);
        Assert.Equal(ExpressionPlan.MaxMemoArrays, evaluator.MemoStores);
        Assert.Equal(0, evaluator.MemoEntries);
        Assert.InRange(evaluator.PeakLiveTemporaries, 1, plan.MaxLiveTemporaries);
        var h = segments.Columns[0];
        for (var i = 0; i < h.Length; i++)
        {
            Assert.Equal(h[i] * 1 + h[i] * 2 + h[i] * 3 + h[i] * 4 + h[i] * 5 + h[i] * 6, values[6][i]);
        }
    }

    [Fact]
    public void DeepTreeBuiltByHand_IsEvaluatedWithoutRecursion()
    {
        // Not parseable (far beyond the depth cap), but the plan and the evaluator walk it with explicit stacks.
        ExpressionNode node = new ColumnNode("h_li", 0);
        for (var i = 0; i < 100_000; i++)
        {
            node = new BinaryNode(BinaryOperator.Add, node, new NumberNode(1, 0), 0);
        }

        var segments = Segments(2, 10);
        var evaluator = new SegmentEvaluator(segments, ExpressionPlan.Compile([node], ColumnIndex));

        var value = evaluator.Evaluate(0);

        Assert.Equal(segments.Columns[0][3] + 100_000, value.Values![3]);
        Assert.InRange(evaluator.PeakLiveTemporaries, 1, 2);
    }

    [Property(MaxTest = 300)]
    public Property Evaluate_MatchesADirectPerChildEvaluation() =>
        Prop.ForAll(Expressions(4).ToArbitrary(), Gen.Choose(0, 200).ToArbitrary(), (text, rows) =>
        {
            var node = ExpressionParser.Parse(text, ColumnNames);
            var segments = Segments(5, rows);
            var value = new SegmentEvaluator(segments, ExpressionPlan.Compile([node], ColumnIndex)).Evaluate(0);
            for (var child = 0; child < segments.ChildCount; child++)
            {
                var expected = Reference(node, segments, child);
                for (var i = 0; i < expected.Length; i++)
                {
                    var actual = value.Kind switch
                    {
                        SegmentValueKind.Constant => value.Constant,
                        SegmentValueKind.PerChild => value.Values![child],
                        _ => value.Values![segments.Offsets[child] + i],
                    };
                    Assert.True(actual.Equals(expected[i]), $"{text}: child {child} row {i}: {actual} != {expected[i]}");
                }
            }
        });

    /// <summary>
    /// Numpy's semantics within one child, written directly: a value is one number or one per row; reductions of an
    /// empty child are NaN. Evaluated per child, recursively, with none of the evaluator's sharing or ordering.
    /// </summary>
    private static double[] Reference(ExpressionNode node, ChildSegments segments, int child)
    {
        double[] Rows(int column) => segments.Segment(segments.Columns[column], child).ToArray();
        double[] Zip(double[] a, double[] b, Func<double, double, double> f) =>
            a.Length == 1 && b.Length != 1 ? b.Select(y => f(a[0], y)).ToArray()
            : b.Length == 1 && a.Length != 1 ? a.Select(x => f(x, b[0])).ToArray()
            : a.Zip(b, f).ToArray();

        switch (node)
        {
            case NumberNode number: return [number.Value];
            case ColumnNode column: return Rows(ColumnIndex[column.Name]);
            case UnaryNode unary:
                var operand = Reference(unary.Operand, segments, child);
                return unary.Operator == UnaryOperator.Plus ? operand : operand.Select(v => -v).ToArray();
            case BinaryNode binary:
                var left = Reference(binary.Left, segments, child);
                var right = Reference(binary.Right, segments, child);
                // The evaluator squares a column raised to a constant 2 by multiplication, as numpy does.
                var square = ExpressionAnalysis.ShapeOf(binary.Left) == ExpressionShape.Series
                    && ExpressionAnalysis.Columns(binary.Right).Count == 0 && right[0] == 2;
                return Zip(left, right, binary.Operator switch
                {
                    BinaryOperator.Add => (x, y) => x + y,
                    BinaryOperator.Subtract => (x, y) => x - y,
                    BinaryOperator.Multiply => (x, y) => x * y,
                    BinaryOperator.Divide => (x, y) => x / y,
                    _ => (x, y) => square ? x * x : Math.Pow(x, y),
                });
            case CallNode call:
                var argument = Reference(call.Arguments[0], segments, child);
                var argumentIsSeries = ExpressionAnalysis.ShapeOf(call.Arguments[0]) == ExpressionShape.Series;
                switch (call.Function)
                {
                    case ExpressionFunction.Sqrt: return argument.Select(v => Math.Sqrt(v)).ToArray();
                    case ExpressionFunction.Abs: return argument.Select(v => Math.Abs(v)).ToArray();
                    case ExpressionFunction.Log: return argument.Select(v => Math.Log(v)).ToArray();
                    case ExpressionFunction.Exp: return argument.Select(v => Math.Exp(v)).ToArray();
                    case ExpressionFunction.ToFloat: return argument;
                    case ExpressionFunction.ToInt: return argument.Select(v => Math.Truncate(v)).ToArray();
                }

                if (!argumentIsSeries)
                {
                    return call.Function is ExpressionFunction.Std or ExpressionFunction.Var ? [argument[0] - argument[0]] : argument;
                }

                if (argument.Length == 0)
                {
                    return [double.NaN];
                }

                var scratch = new double[argument.Length];
                return [call.Function switch
                {
                    ExpressionFunction.Sum => NumpyMath.Sum(argument),
                    ExpressionFunction.Mean => NumpyMath.Mean(argument),
                    ExpressionFunction.Min => NumpyMath.Min(argument),
                    ExpressionFunction.Max => NumpyMath.Max(argument),
                    ExpressionFunction.Median => NumpyMath.Median(argument, scratch),
                    ExpressionFunction.Std => Math.Sqrt(NumpyMath.Variance(argument, scratch)),
                    ExpressionFunction.Var => NumpyMath.Variance(argument, scratch),
                    ExpressionFunction.Len => argument.Length,
                    ExpressionFunction.Quantile => NumpyMath.Quantile(argument, ((NumberNode)call.Arguments[1]).Value, scratch),
                    _ => throw new NotSupportedException(call.Function.ToString()),
                }];
            default:
                throw new NotSupportedException(node.GetType().Name);
        }
    }

    private static Gen<string> Expressions(int depth)
    {
        var leaf = Gen.OneOf(Gen.Elements("h_li", "s_li", "h_li", "s_li"), Gen.Choose(0, 40).Select(i => (i / 8.0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (depth == 0)
        {
            return leaf;
        }

        var smaller = Expressions(depth - 1);
        return Gen.OneOf(
            leaf,
            from a in smaller from op in Gen.Elements("+", "-", "*", "/", "**") from b in smaller select $"({a}) {op} ({b})",
            smaller.Select(a => $"-({a})"),
            smaller.Select(a => $"np.sqrt(np.abs({a}))"),
            from a in smaller from f in Gen.Elements("np.sum", "np.mean", "np.min", "np.max", "np.median", "np.std", "np.var") select $"{f}({a})",
            smaller.Select(a => $"np.quantile({a}, 0.25)"),
            from a in smaller from b in smaller select $"({a}) * np.sum({b}) + ({a})");
    }

    private static (SegmentEvaluator Evaluator, ExpressionPlan Plan, ChildSegments Segments) Evaluator(int children, int rows, string text)
    {
        var segments = Segments(children, rows);
        var plan = ExpressionPlan.Compile([ExpressionParser.Parse(text, ColumnNames)], ColumnIndex);
        return (new SegmentEvaluator(segments, plan), plan, segments);
    }

    /// <summary>Deterministic rows spread over <paramref name="children"/> children (some may be empty).</summary>
    private static ChildSegments Segments(int children, int rows)
    {
        var buffer = new ObservationBuffer(2, Math.Max(rows, 1));
        var start = buffer.Reserve(rows);
        var random = new Random(rows * 31 + children);
        for (var i = 0; i < rows; i++)
        {
            buffer.ChildrenAt(start + i, 1)[0] = random.Next(children > 2 ? children - 1 : children);
            buffer.ColumnAt(0, start + i, 1)[0] = Math.Round(random.NextDouble() * 2000 - 1000, 3);
            buffer.ColumnAt(1, start + i, 1)[0] = Math.Round(random.NextDouble() * 2 + 0.01, 4);
        }

        return ChildSegments.Build(buffer, children);
    }

    private static string Balanced(int depth, int first) => depth == 0
        ? $"h_li * {first + 1}"
        : $"({Balanced(depth - 1, first)} + {Balanced(depth - 1, first + (1 << (depth - 1)))})";
}
