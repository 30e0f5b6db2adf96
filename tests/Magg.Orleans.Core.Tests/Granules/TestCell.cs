using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Spatial;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// The parent cell (order 6) the hand-made granules target, points placed at the centres of chosen children
/// (order 12), a point far outside the cell, and running <see cref="CellProcessor"/> with the built-in atl06 config.
/// </summary>
internal static class TestCell
{
    public const int ParentOrder = 6;
    public const int ChildOrder = 12;

    /// <summary>The beam groups of the atl06 config.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"];

    public static long ParentNested { get; } = Healpix.LatLonToNested(-75.0, 10.0, ParentOrder);

    public static long ParentMorton { get; } = Morton.FromNested(ParentNested, ParentOrder);

    /// <summary>Twenty degrees north of the cell.</summary>
    public static (double Latitude, double Longitude) Outside => (-55.0, 10.0);

    /// <summary>The centre of child <paramref name="child"/> (0 .. 4095, ascending NESTED order) of the parent.</summary>
    public static (double Latitude, double Longitude) InChild(int child)
    {
        var (latitude, longitude) = Healpix.NestedToLatLon((ParentNested << (2 * (ChildOrder - ParentOrder))) + child, ChildOrder);
        return (latitude, longitude >= 180 ? longitude - 360 : longitude);
    }

    public static Task<CellResult> ProcessAsync(params string[] granules) =>
        ProcessAsync(granules.Select(g => new Uri(Path.GetFullPath(g))).ToArray());

    public static Task<CellResult> ProcessAsync(IReadOnlyList<Uri> granules)
    {
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        return processor.ProcessAsync(ParentMorton, granules, new CompiledPipeline(BuiltInConfigs.Get("atl06")), TestContext.Current.CancellationToken);
    }
}
