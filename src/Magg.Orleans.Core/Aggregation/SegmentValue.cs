namespace Magg.Orleans.Core.Aggregation;

/// <summary>What an expression evaluates to over a parent cell's children.</summary>
internal enum SegmentValueKind
{
    /// <summary>The same number for every child (a literal, or arithmetic of literals).</summary>
    Constant,
    /// <summary>One number per child (a reduction): <see cref="SegmentValue.Values"/> has one entry per child.</summary>
    PerChild,
    /// <summary>One number per observation, in child order: <see cref="SegmentValue.Values"/> has one entry per row.</summary>
    Series,
}

/// <summary>An intermediate result of <see cref="SegmentEvaluator"/>.</summary>
internal readonly record struct SegmentValue(SegmentValueKind Kind, double Constant, double[]? Values)
{
    public static SegmentValue Of(double constant) => new(SegmentValueKind.Constant, constant, null);

    public static SegmentValue PerChild(double[] values) => new(SegmentValueKind.PerChild, 0, values);

    public static SegmentValue Series(double[] values) => new(SegmentValueKind.Series, 0, values);

    /// <summary>The value of child <paramref name="child"/> (not for series).</summary>
    public double ForChild(int child) => Kind == SegmentValueKind.Constant ? Constant : Values![child];
}
