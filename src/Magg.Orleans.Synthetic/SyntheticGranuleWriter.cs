using System.Globalization;
using System.IO.Compression;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Magg.Orleans.Synthetic;

/// <summary>
/// Writes synthetic granules in the ATL06 v006 layout with PureHDF: root attributes, <c>ancillary_data</c>, and per beam
/// group <c>land_ice_segments/{latitude, longitude, h_li, h_li_sigma, atl06_quality_summary, delta_time, segment_id}</c>,
/// chunked, shuffled and deflated, each with its ATL06 type and <c>_FillValue</c> attribute.
/// </summary>
public static class SyntheticGranuleWriter
{
    private static readonly double[] GpsEpoch = [1198800018.0];

    /// <summary>Generates the granule of <paramref name="track"/> and writes it to <paramref name="path"/>.</summary>
    /// <returns>What was written (for ground truth).</returns>
    public static SyntheticGranule Write(string path, SyntheticTrack track, SyntheticOptions options)
    {
        var granule = SyntheticGranuleGenerator.Generate(track, options);
        Write(path, granule, options);
        return granule;
    }

    /// <summary>Writes <paramref name="granule"/> to <paramref name="path"/> (chunking and compression from <paramref name="options"/>).</summary>
    public static void Write(string path, SyntheticGranule granule, SyntheticOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(granule);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var file = new H5File
        {
            Attributes =
            {
                ["short_name"] = "ATL06",
                ["title"] = "SYNTHETIC ATL06-like granule (Magg.Orleans.Synthetic)",
                ["granule_type"] = "ATL06",
                ["identifier_product_type"] = "ATL06",
            },
            ["ancillary_data"] = Ancillary(granule.Track),
        };

        foreach (var beam in granule.Beams)
        {
            file[beam.Group] = new H5Group
            {
                Attributes = { ["atlas_beam_type"] = beam.Group.EndsWith('l') ? "strong" : "weak", ["groundtrack_id"] = beam.Group },
                [Atl06Layout.SegmentsGroup] = Segments(beam, options),
            };
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        file.Write(path);
    }

    private static H5Group Ancillary(SyntheticTrack track) => new()
    {
        ["atlas_sdp_gps_epoch"] = new H5Dataset(GpsEpoch),
        ["start_rgt"] = new H5Dataset(new[] { track.ReferenceGroundTrack }),
        ["end_rgt"] = new H5Dataset(new[] { track.ReferenceGroundTrack }),
        ["start_cycle"] = new H5Dataset(new[] { track.Cycle }),
        ["end_cycle"] = new H5Dataset(new[] { track.Cycle }),
        ["data_start_utc"] = new H5Dataset(new[] { track.StartTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture) }),
    };

    private static H5Group Segments(SyntheticBeam beam, SyntheticOptions options) => new()
    {
        ["latitude"] = Column(beam.Latitude, Atl06Layout.Float64Fill, "degrees_north", "Latitude", options),
        ["longitude"] = Column(beam.Longitude, Atl06Layout.Float64Fill, "degrees_east", "Longitude", options),
        ["h_li"] = Column(beam.Height, Atl06Layout.Float32Fill, "meters", "Land Ice height", options),
        ["h_li_sigma"] = Column(beam.HeightSigma, Atl06Layout.Float32Fill, "meters", "Expected RMS segment misfit", options),
        ["atl06_quality_summary"] = Column(beam.Quality, Atl06Layout.QualityFill, "1", "ATL06_Quality_Summary", options),
        ["delta_time"] = Column(beam.DeltaTime, Atl06Layout.Float64Fill, "seconds since 2018-01-01", "Elapsed GPS seconds", options),
        ["segment_id"] = Column(beam.SegmentId, Atl06Layout.SegmentIdFill, "1", "Reference Point, m", options),
    };

    private static H5Dataset Column<T>(T[] values, T fill, string units, string longName, SyntheticOptions options)
        where T : struct
    {
        var chunk = (uint)Math.Clamp(values.Length, 1, options.ChunkSize);
        List<H5Filter> filters = options.Compress
            ? [ShuffleFilter.Id, new H5Filter(DeflateFilter.Id, new() { [DeflateFilter.COMPRESSION_LEVEL] = PureHdfLevel(options.DeflateLevel) })]
            : [];
        return new H5Dataset(values, chunks: [chunk], datasetCreation: new H5DatasetCreation { Filters = filters })
        {
            Attributes =
            {
                ["_FillValue"] = fill,
                ["units"] = units,
                ["long_name"] = longName,
            },
        };
    }

    // PureHDF's deflate filter takes -1 (zlib default, level 6), 0, 1 or 9.
    private static int PureHdfLevel(CompressionLevel level) => level switch
    {
        CompressionLevel.Fastest => 1,
        CompressionLevel.NoCompression => 0,
        CompressionLevel.SmallestSize => 9,
        _ => -1,
    };
}
