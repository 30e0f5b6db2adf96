using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Core.Tests.Aggregation;

/// <summary>Quantiles by selection equal numpy's definition over a full sort, to the last bit.</summary>
public sealed class NumpyQuantileTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.25, 1.75)]
    [InlineData(new[] { 4.0, 1, 3, 2 }, 0.5, 2.5)]
    [InlineData(new[] { 10.0 }, 0.75, 10)]
    [InlineData(new[] { 5.0, 1, 9 }, 1.0, 9)]
    [InlineData(new[] { 5.0, 1, 9 }, 0.0, 1)]
    [InlineData(new[] { 1.0, double.NaN, 3 }, 0.5, double.NaN)]
    public void Quantile_KnownValues_MatchNumpy(double[] values, double q, double expected)
    {
        Assert.Equal(expected, NumpyMath.Quantile(values, q, new double[values.Length]));
    }

    [Theory]
    [InlineData(new[] { 3.0, 1, 2 }, 2)]
    [InlineData(new[] { 4.0, 1, 3, 2 }, 2.5)]
    [InlineData(new[] { 1.0, double.NaN }, double.NaN)]
    public void Median_KnownValues_MatchNumpy(double[] values, double expected)
    {
        Assert.Equal(expected, NumpyMath.Median(values, new double[values.Length]));
    }

    [Property(MaxTest = 500)]
    public Property Quantile_BySelection_EqualsQuantileOfSorted()
    {
        var values = Gen.Choose(1, 3000).SelectMany(n => Gen.ArrayOf(Gen.Choose(-50, 50).Select(v => v / 4.0), n));
        var qs = Gen.Choose(0, 1000).Select(q => q / 1000.0);
        return Prop.ForAll(values.ToArbitrary(), qs.ToArbitrary(), (data, q) =>
        {
            var sorted = (double[])data.Clone();
            Array.Sort(sorted);
            var scratch = new double[data.Length];
            Assert.Equal(BitConverter.DoubleToInt64Bits(NumpyMath.QuantileOfSorted(sorted, q)),
                BitConverter.DoubleToInt64Bits(NumpyMath.Quantile(data, q, scratch)));
            Assert.Equal(NumpyMath.MedianOfSorted(sorted), NumpyMath.Median(data, scratch));
        });
    }
}
