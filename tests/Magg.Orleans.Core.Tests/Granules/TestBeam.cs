namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// The <c>land_ice_segments</c> columns of one beam of a hand-made granule. <see cref="Sigma"/> may be float32 (as
/// ATL06) or float64; <see cref="Omit"/> names datasets to leave out of the file.
/// </summary>
internal sealed record TestBeam(double[] Latitude, double[] Longitude, float[] Height, Array Sigma, sbyte[] Quality)
{
    public IReadOnlySet<string> Omit { get; init; } = new HashSet<string>();

    public int Rows => Latitude.Length;

    /// <summary>A beam of <paramref name="points"/> with the given heights, sigmas and quality 0.</summary>
    public static TestBeam Of(IEnumerable<(double Latitude, double Longitude)> points, float[] height, float[] sigma)
    {
        var list = points.ToArray();
        return new TestBeam(list.Select(p => p.Latitude).ToArray(), list.Select(p => p.Longitude).ToArray(), height, sigma, new sbyte[list.Length]);
    }
}
