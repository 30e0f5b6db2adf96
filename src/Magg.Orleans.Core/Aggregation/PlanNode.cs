using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>What a <see cref="PlanNode"/> computes.</summary>
internal enum PlanKind
{
    Constant,
    Column,
    Negate,
    Binary,
    Call,
}

/// <summary>One distinct subexpression of an <see cref="ExpressionPlan"/>.</summary>
/// <param name="Kind">What it computes.</param>
/// <param name="Constant">The number, for <see cref="PlanKind.Constant"/>.</param>
/// <param name="Column">The column index, for <see cref="PlanKind.Column"/>.</param>
/// <param name="Operator">The operator, for <see cref="PlanKind.Binary"/>.</param>
/// <param name="Function">The function, for <see cref="PlanKind.Call"/>.</param>
/// <param name="First">The first operand's node, or -1.</param>
/// <param name="Second">The second operand's node, or -1.</param>
/// <param name="SecondFirst">Evaluate the second operand before the first (it needs more stack slots).</param>
/// <param name="Slots">Stack slots its evaluation needs (Sethi-Ullman number).</param>
/// <param name="Source">A tree node it was compiled from.</param>
internal sealed record PlanNode(
    PlanKind Kind,
    double Constant,
    int Column,
    BinaryOperator Operator,
    ExpressionFunction Function,
    int First,
    int Second,
    bool SecondFirst,
    int Slots,
    ExpressionNode Source);
