namespace Magg.Orleans.Core.Expressions;

/// <summary>Static facts about a parsed expression: its shape, the columns it reads, and constant folding.</summary>
public static class ExpressionAnalysis
{
    /// <summary>Whether <paramref name="node"/> yields one value per child or one per observation.</summary>
    public static ExpressionShape ShapeOf(ExpressionNode node) => node switch
    {
        NumberNode => ExpressionShape.Scalar,
        ColumnNode => ExpressionShape.Series,
        UnaryNode unary => ShapeOf(unary.Operand),
        BinaryNode binary => ShapeOf(binary.Left) == ExpressionShape.Series || ShapeOf(binary.Right) == ExpressionShape.Series
            ? ExpressionShape.Series
            : ExpressionShape.Scalar,
        CallNode call when IsReduction(call.Function) => ExpressionShape.Scalar,
        CallNode call => ShapeOf(call.Arguments[0]),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "unknown expression node"),
    };

    /// <summary>The distinct column names the expression reads, in order of first appearance.</summary>
    public static IReadOnlyList<string> Columns(ExpressionNode node)
    {
        var names = new List<string>();
        Collect(node, names);
        return names;
    }

    /// <summary>True for functions that turn a column into one value per child.</summary>
    public static bool IsReduction(ExpressionFunction function) => function is ExpressionFunction.Sum or ExpressionFunction.Mean
        or ExpressionFunction.Min or ExpressionFunction.Max or ExpressionFunction.Median or ExpressionFunction.Std
        or ExpressionFunction.Var or ExpressionFunction.Quantile or ExpressionFunction.Len;

    /// <summary>The value of an expression without columns, or null when it reads a column.</summary>
    public static double? ConstantValue(ExpressionNode node) => node switch
    {
        NumberNode number => number.Value,
        UnaryNode unary => ConstantValue(unary.Operand) is { } v ? (unary.Operator == UnaryOperator.Negate ? -v : v) : null,
        BinaryNode binary when ConstantValue(binary.Left) is { } l && ConstantValue(binary.Right) is { } r => binary.Operator switch
        {
            BinaryOperator.Add => l + r,
            BinaryOperator.Subtract => l - r,
            BinaryOperator.Multiply => l * r,
            BinaryOperator.Divide => l / r,
            _ => Math.Pow(l, r),
        },
        _ => null,
    };

    internal static void CheckCall(CallNode call, string displayName)
    {
        var expected = call.Function == ExpressionFunction.Quantile ? 2 : 1;
        if (call.Arguments.Count != expected)
        {
            throw new ExpressionParseException(
                $"{displayName}() takes {expected} argument{(expected == 1 ? "" : "s")}, got {call.Arguments.Count}", call.Position);
        }

        var argument = call.Arguments[0];
        switch (call.Function)
        {
            case ExpressionFunction.Len when ShapeOf(argument) != ExpressionShape.Series:
                throw new ExpressionParseException($"{displayName}() needs a column, not one value per cell", argument.Position);
            case ExpressionFunction.ToFloat or ExpressionFunction.ToInt when ShapeOf(argument) != ExpressionShape.Scalar:
                throw new ExpressionParseException(
                    $"{displayName}() needs one value per cell; reduce the column first, e.g. {displayName}(np.sum(...))", argument.Position);
            case ExpressionFunction.Quantile:
                var q = ConstantValue(call.Arguments[1]);
                if (q is not { } value || !(value >= 0 && value <= 1))
                {
                    throw new ExpressionParseException($"{displayName}() needs a constant q between 0 and 1", call.Arguments[1].Position);
                }

                break;
        }
    }

    private static void Collect(ExpressionNode node, List<string> names)
    {
        switch (node)
        {
            case ColumnNode column when !names.Contains(column.Name):
                names.Add(column.Name);
                break;
            case UnaryNode unary:
                Collect(unary.Operand, names);
                break;
            case BinaryNode binary:
                Collect(binary.Left, names);
                Collect(binary.Right, names);
                break;
            case CallNode call:
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, names);
                }

                break;
        }
    }
}
