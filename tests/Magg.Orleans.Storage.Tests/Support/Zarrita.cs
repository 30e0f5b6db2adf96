using System.Diagnostics;
using System.Text.Json.Nodes;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>
/// zarrita (a JavaScript Zarr implementation, independent of this code) run by node: installed once with npm into a
/// folder under the temp directory that the tests own, reused when already there.
/// </summary>
internal static class Zarrita
{
    private const string Packages = """{"name":"magg-orleans-zarrita","private":true,"type":"module","dependencies":{"zarrita":"0.7.5","@zarrita/storage":"0.2.0"}}""";

    // Prints what a reader of the store sees: consolidated contents, group attributes and, per array, its metadata and values.
    private const string ReaderScript = """
        import * as zarr from "zarrita";
        import { FileSystemStore } from "@zarrita/storage";

        const [storePath, groupPath, names] = process.argv.slice(2);
        const raw = new FileSystemStore(storePath);
        const consolidated = await zarr.withConsolidatedMetadata(raw, { format: "v3" });
        const contents = consolidated.contents().map((c) => `${c.kind} ${c.path}`).sort();
        const group = await zarr.open(zarr.root(raw).resolve(groupPath), { kind: "group" });
        const arrays = {};
        for (const name of names.split(",")) {
          const fromConsolidated = await zarr.open(zarr.root(consolidated).resolve(`${groupPath}/${name}`), { kind: "array" });
          const array = await zarr.open(zarr.root(raw).resolve(`${groupPath}/${name}`), { kind: "array" });
          const all = await zarr.get(array);
          arrays[name] = {
            shape: array.shape,
            chunks: array.chunks,
            dtype: array.dtype,
            fill_value: array.fillValue,
            attrs: array.attrs,
            consolidated_dtype: fromConsolidated.dtype,
            values: Array.from(all.data),
          };
        }
        const text = JSON.stringify({ contents, group: group.attrs, arrays }, (key, value) =>
          typeof value === "bigint" ? value.toString()
            : typeof value === "number" && !Number.isFinite(value) ? String(value)
            : value);
        process.stdout.write(text);
        """;

    // Writes a small store zarrita's way, unconsolidated: group "5" with a big-endian zstd float32 array "h" (chunks 0 and 2
    // of 3) and a little-endian int32 array "n" with '.' chunk keys (chunk 1 of 3), 16 values per chunk.
    private const string WriterScript = """
        import * as zarr from "zarrita";
        import { FileSystemStore } from "@zarrita/storage";

        const store = new FileSystemStore(process.argv[2]);
        const root = await zarr.create(zarr.root(store), { attributes: {} });
        const group = await zarr.create(root.resolve("5"), { attributes: { dggs: { name: "healpix", refinement_level: 5, indexing_scheme: "nested" } } });
        const h = await zarr.create(group.resolve("h"), { shape: [48], chunkShape: [16], dtype: "float32", fillValue: "NaN",
          codecs: [{ name: "bytes", configuration: { endian: "big" } }, { name: "zstd", configuration: { level: 5, checksum: false } }] });
        const values = (f) => ({ data: new Float32Array(Array.from({ length: 16 }, (_, i) => f(i))), shape: [16], stride: [1] });
        await zarr.set(h, [zarr.slice(0, 16)], values((i) => i * 1.5 - 3));
        await zarr.set(h, [zarr.slice(32, 48)], values((i) => -i / 4));
        const n = await zarr.create(group.resolve("n"), { shape: [48], chunkShape: [16], dtype: "int32", fillValue: 7, chunkSeparator: ".",
          codecs: [{ name: "bytes", configuration: { endian: "little" } }] });
        await zarr.set(n, [zarr.slice(16, 32)], { data: new Int32Array(Array.from({ length: 16 }, (_, i) => i - 8)), shape: [16], stride: [1] });
        """;

    /// <summary>Writes the sample store of <see cref="WriterScript"/> into <paramref name="storeFolder"/> with zarrita.</summary>
    public static async Task WriteSampleAsync(string storeFolder, CancellationToken ct)
    {
        var node = ExternalTool.Require("node", "apt-get install nodejs npm");
        var folder = await InstallAsync(ct);
        var script = Path.Combine(folder, $"write-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, WriterScript, ct);
        try
        {
            var (exit, _, error) = await RunAsync(node, folder, [script, storeFolder], ct);
            Assert.True(exit == 0, $"zarrita writer failed ({exit}): {error}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Reads <paramref name="arrays"/> of group <paramref name="groupPath"/> of the store folder with zarrita.</summary>
    public static async Task<JsonObject> ReadAsync(string storeFolder, string groupPath, IEnumerable<string> arrays, CancellationToken ct)
    {
        var node = ExternalTool.Require("node", "apt-get install nodejs npm");
        var folder = await InstallAsync(ct);
        var script = Path.Combine(folder, $"read-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, ReaderScript, ct);
        try
        {
            var (exit, output, error) = await RunAsync(node, folder, [script, storeFolder, groupPath, string.Join(',', arrays)], ct);
            Assert.True(exit == 0, $"zarrita reader failed ({exit}): {error}");
            return JsonNode.Parse(output)!.AsObject();
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<string> InstallAsync(CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "magg-orleans-zarrita");
        if (File.Exists(Path.Combine(folder, "node_modules", "zarrita", "package.json"))
            && File.Exists(Path.Combine(folder, "node_modules", "@zarrita", "storage", "package.json")))
        {
            return folder;
        }

        var npm = ExternalTool.Require("npm", "apt-get install nodejs npm");
        var staging = folder + "-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "package.json"), Packages, ct);
        var (exit, _, error) = await RunAsync(npm, staging, ["install", "--no-audit", "--no-fund", "--loglevel=error"], ct);
        Assert.True(exit == 0, $"npm install zarrita failed ({exit}): {error}");
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(staging, folder);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, "node_modules", "zarrita", "package.json")))
        {
            // Another test process installed it at the same time.
            Directory.Delete(staging, recursive: true);
        }

        return folder;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string folder, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
