using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>Writes hand-made granules in the ATL06 layout (chunked, shuffle + deflate, ATL06 <c>_FillValue</c>s) with PureHDF.</summary>
internal static class TestGranule
{
    public const float Float32Fill = float.MaxValue;
    public const double Float64Fill = double.MaxValue;

    public static string Write(string path, IReadOnlyDictionary<string, TestBeam> beams, int chunk)
    {
        var file = new H5File();
        foreach (var (group, beam) in beams)
        {
            var segments = new H5Group();
            Add(segments, beam, "latitude", beam.Latitude, chunk);
            Add(segments, beam, "longitude", beam.Longitude, chunk);
            Add(segments, beam, "h_li", beam.Height, chunk);
            Add(segments, beam, "h_li_sigma", beam.Sigma, chunk);
            Add(segments, beam, "atl06_quality_summary", beam.Quality, chunk);
            file[group] = new H5Group { ["land_ice_segments"] = segments };
        }

        file.Write(path);
        return path;
    }

    private static void Add(H5Group segments, TestBeam beam, string name, Array values, int chunk)
    {
        if (beam.Omit.Contains(name))
        {
            return;
        }

        object fill = values switch
        {
            float[] => Float32Fill,
            double[] => Float64Fill,
            sbyte[] => sbyte.MaxValue,
            _ => throw new ArgumentException($"unsupported column type {values.GetType()}", nameof(values)),
        };
        var filters = new List<H5Filter> { ShuffleFilter.Id, DeflateFilter.Id };
        segments[name] = new H5Dataset(values, chunks: [(uint)Math.Min(chunk, Math.Max(1, values.Length))],
            datasetCreation: new H5DatasetCreation { Filters = filters })
        {
            Attributes = { ["_FillValue"] = fill },
        };
    }
}
