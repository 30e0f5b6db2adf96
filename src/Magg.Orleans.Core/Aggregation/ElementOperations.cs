namespace Magg.Orleans.Core.Aggregation;

/// <summary>An element-wise binary operation, specialised per struct by the JIT (no delegate call per element).</summary>
internal interface IBinaryOperation
{
    static abstract double Apply(double left, double right);
}

/// <summary>An element-wise unary operation.</summary>
internal interface IUnaryOperation
{
    static abstract double Apply(double value);
}

internal readonly struct AddOperation : IBinaryOperation
{
    public static double Apply(double left, double right) => left + right;
}

internal readonly struct SubtractOperation : IBinaryOperation
{
    public static double Apply(double left, double right) => left - right;
}

internal readonly struct MultiplyOperation : IBinaryOperation
{
    public static double Apply(double left, double right) => left * right;
}

internal readonly struct DivideOperation : IBinaryOperation
{
    public static double Apply(double left, double right) => left / right;
}

internal readonly struct PowerOperation : IBinaryOperation
{
    public static double Apply(double left, double right) => Math.Pow(left, right);
}

internal readonly struct NegateOperation : IUnaryOperation
{
    public static double Apply(double value) => -value;
}

internal readonly struct SquareOperation : IUnaryOperation
{
    public static double Apply(double value) => value * value;
}

internal readonly struct SqrtOperation : IUnaryOperation
{
    public static double Apply(double value) => Math.Sqrt(value);
}

internal readonly struct AbsOperation : IUnaryOperation
{
    public static double Apply(double value) => Math.Abs(value);
}

internal readonly struct LogOperation : IUnaryOperation
{
    public static double Apply(double value) => Math.Log(value);
}

internal readonly struct ExpOperation : IUnaryOperation
{
    public static double Apply(double value) => Math.Exp(value);
}

internal readonly struct TruncateOperation : IUnaryOperation
{
    public static double Apply(double value) => Math.Truncate(value);
}
