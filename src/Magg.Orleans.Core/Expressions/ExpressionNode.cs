namespace Magg.Orleans.Core.Expressions;

/// <summary>A node of a parsed expression; <see cref="Position"/> is the 0-based character offset in the source text.</summary>
public abstract record ExpressionNode(int Position);

/// <summary>A numeric literal such as <c>1.0</c> or <c>2e-3</c>.</summary>
public sealed record NumberNode(double Value, int Position) : ExpressionNode(Position);

/// <summary>A column of the cell's observations, named as a <c>data_source.variables</c> key (e.g. <c>s_li</c>).</summary>
public sealed record ColumnNode(string Name, int Position) : ExpressionNode(Position);

/// <summary>Unary minus or plus.</summary>
public sealed record UnaryNode(UnaryOperator Operator, ExpressionNode Operand, int Position) : ExpressionNode(Position);

/// <summary>An arithmetic operator applied element-wise (numpy broadcasting of scalars).</summary>
public sealed record BinaryNode(BinaryOperator Operator, ExpressionNode Left, ExpressionNode Right, int Position) : ExpressionNode(Position);

/// <summary>A call of one of the allowed functions, e.g. <c>np.sqrt(x)</c> or <c>np.quantile(h_li, 0.25)</c>.</summary>
public sealed record CallNode(ExpressionFunction Function, IReadOnlyList<ExpressionNode> Arguments, int Position) : ExpressionNode(Position);

/// <summary>Unary operators.</summary>
public enum UnaryOperator
{
    Negate,
    Plus,
}

/// <summary>Binary operators, with Python precedence: <c>**</c> binds tighter than unary minus, which binds tighter than <c>* /</c>, then <c>+ -</c>.</summary>
public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

/// <summary>The functions an expression may call. Reductions turn a column into one value per child.</summary>
public enum ExpressionFunction
{
    /// <summary><c>np.sum(x)</c>, <c>sum(x)</c>: reduction.</summary>
    Sum,
    /// <summary><c>np.mean(x)</c>: reduction.</summary>
    Mean,
    /// <summary><c>np.min(x)</c>: reduction.</summary>
    Min,
    /// <summary><c>np.max(x)</c>: reduction.</summary>
    Max,
    /// <summary><c>np.median(x)</c>: reduction.</summary>
    Median,
    /// <summary><c>np.std(x)</c>: population standard deviation, reduction.</summary>
    Std,
    /// <summary><c>np.var(x)</c>: population variance, reduction.</summary>
    Var,
    /// <summary><c>np.quantile(x, q)</c>: linear interpolation, reduction; q is a scalar in [0, 1].</summary>
    Quantile,
    /// <summary><c>len(x)</c>: number of observations, reduction.</summary>
    Len,
    /// <summary><c>np.sqrt(x)</c>: element-wise.</summary>
    Sqrt,
    /// <summary><c>np.abs(x)</c>, <c>abs(x)</c>: element-wise.</summary>
    Abs,
    /// <summary><c>np.log(x)</c>: natural logarithm, element-wise.</summary>
    Log,
    /// <summary><c>np.exp(x)</c>: element-wise.</summary>
    Exp,
    /// <summary><c>float(x)</c>: x must be a scalar (one value per child).</summary>
    ToFloat,
    /// <summary><c>int(x)</c>: truncation toward zero; x must be a scalar.</summary>
    ToInt,
}
