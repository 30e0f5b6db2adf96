using System.CommandLine;
using System.Globalization;
using Amazon.Runtime;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Quicklook;
using Magg.Orleans.Quicklook.Maps;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>plot STORE --variable V --output map.png</c>: a quicklook map of a store, local or on S3.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var options = new PlotOptions();
        var command = options.CreateCommand();
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, PlotOptions options, CancellationToken cancellationToken)
    {
        var console = new CliConsole(parse);
        var location = parse.GetRequiredValue(options.Store);
        var output = parse.GetRequiredValue(options.Output);
        MapRequest request;
        try
        {
            request = options.ToRequest(parse);
        }
        catch (QuicklookException e)
        {
            return console.Fail(MaggCli.InvalidInput, e.Message);
        }

        if (LocalFolder(location) is { } folder && !Directory.Exists(folder))
        {
            return console.Fail(MaggCli.InvalidInput, $"no store at {folder}: the folder does not exist");
        }

        if (output.Directory is { Exists: false } outputFolder)
        {
            return console.Fail(MaggCli.InvalidInput, $"cannot write {output.FullName}: the folder {outputFolder.FullName} does not exist");
        }

        MapResult map;
        try
        {
            using var store = ObjectStoreFactory.Open(location, new S3StoreOptions(parse.GetValue(options.Region), parse.GetValue(options.StoreEndpoint), parse.GetValue(options.StorePathStyle)));
            map = await QuicklookMap.RenderAsync(store, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ZarrReadException or QuicklookException or ArgumentException)
        {
            return console.Fail(MaggCli.InvalidInput, e.Message);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or IOException or HttpRequestException)
        {
            return console.Fail(MaggCli.RunFailed, $"could not read {location}: {e.Message}");
        }

        await File.WriteAllBytesAsync(output.FullName, map.Png, cancellationToken).ConfigureAwait(false);
        Print(console, output, map, request);
        return MaggCli.Success;
    }

    /// <summary>The folder a local store location names, or null for <c>s3://</c> (and other URLs, which the factory refuses).</summary>
    private static string? LocalFolder(string location) =>
        location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath
        : location.Contains("://", StringComparison.Ordinal) ? null
        : Path.GetFullPath(location);

    private static void Print(CliConsole console, FileInfo output, MapResult map, MapRequest request)
    {
        var o = console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote: {output.FullName} ({request.Width}x{request.Height} PNG, {map.Png.Length:N0} bytes)"));
        o.WriteLine($"variable: {map.Variable} (group {map.Group}), colour bar: {map.Label}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cells: {map.CellsWithData} with data at order {map.CellOrder}, drawn at order {map.DisplayOrder}"));
        o.WriteLine($"projection: {MapProjection.NameOf(map.Projection)}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale: {map.VMin:G6} .. {map.VMax:G6} ({map.Colormap.Name}); data {map.DataMin:G6} .. {map.DataMax:G6}"));
        o.WriteLine($"run: {map.RunId ?? "(unknown)"}");
        if (map.CellsWithData == 0)
        {
            console.Error.WriteLine($"warning: no cell of {map.Variable} holds a value; the map is empty");
        }
    }
}
