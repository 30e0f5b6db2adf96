namespace Magg.Orleans.Core.Expressions;

/// <summary>What an expression yields for one child cell.</summary>
public enum ExpressionShape
{
    /// <summary>One value per child (a reduction, or a constant).</summary>
    Scalar,

    /// <summary>One value per observation (a column or an element-wise function of columns).</summary>
    Series,
}
