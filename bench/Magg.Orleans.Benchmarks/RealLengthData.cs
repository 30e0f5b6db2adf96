using System.Diagnostics;
using System.Text.Json.Nodes;
using Magg.Orleans.Synthetic;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// The <see cref="DemoOptions.RealLength"/> data set (about 600 MB): generated into a temporary folder, or kept in the
/// folder named by <c>MAGG_BENCH_DATA</c> and reused by later benchmark runs when its catalog is there.
/// </summary>
internal sealed record RealLengthData(string Folder, string CatalogPath, IReadOnlyList<RealLengthCell> Cells, IReadOnlyList<string> Granules,
    long Segments, long Bytes, bool Temporary, double? GenerationSeconds)
{
    public const string FolderVariable = "MAGG_BENCH_DATA";

    public long ExpectedObservations => Cells.Sum(c => c.ExpectedObservations);

    public static async Task<RealLengthData> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var kept = Environment.GetEnvironmentVariable(FolderVariable);
        var folder = kept is { Length: > 0 } ? Path.GetFullPath(kept) : Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-real-{Guid.NewGuid():N}");
        var catalogPath = Path.Combine(folder, DemoDatasetBuilder.CatalogFileName);
        var watch = Stopwatch.StartNew();
        var generated = kept is not { Length: > 0 } || !File.Exists(catalogPath);
        if (generated)
        {
            await DemoDatasetBuilder.CreateAsync(folder, DemoOptions.RealLength, cancellationToken).ConfigureAwait(false);
        }

        double? generation = generated ? watch.Elapsed.TotalSeconds : null;
        var root = JsonNode.Parse(await File.ReadAllTextAsync(catalogPath, cancellationToken).ConfigureAwait(false))!;
        var expected = root["metadata"]!["synthetic"]!["cell_quality0_segments"]!.AsObject();
        var cells = root["catalog"]!.AsObject()
            .Select(c => new RealLengthCell(long.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture),
                c.Value!.AsArray().Select(g => g!.GetValue<string>()).ToArray(), expected[c.Key]!.GetValue<long>()))
            .ToArray();
        var granules = cells.SelectMany(c => c.Granules).Distinct().Order(StringComparer.Ordinal).ToArray();
        var bytes = granules.Sum(g => new FileInfo(Path.Combine(folder, g)).Length);
        return new RealLengthData(folder, catalogPath, cells, granules, root["metadata"]!["synthetic"]!["total_segments"]!.GetValue<long>(), bytes,
            kept is not { Length: > 0 }, generation);
    }

    public void DeleteIfTemporary()
    {
        if (Temporary && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>One catalog cell of <see cref="RealLengthData"/> and its ground truth <c>total_obs</c>.</summary>
internal sealed record RealLengthCell(long ParentMorton, IReadOnlyList<string> Granules, long ExpectedObservations);
