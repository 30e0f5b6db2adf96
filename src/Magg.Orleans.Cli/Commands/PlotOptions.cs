using System.CommandLine;
using Magg.Orleans.Quicklook.Maps;

namespace Magg.Orleans.Cli.Commands;

/// <summary>The arguments of <c>plot</c>.</summary>
internal sealed class PlotOptions
{
    public Argument<string> Store { get; } = new("store") { Description = "The Zarr store: a folder or s3://bucket/prefix" };

    public Option<string> Variable { get; } = new("--variable") { Description = "The array to map, e.g. h_mean", Required = true };

    public Option<string?> Group { get; } = new("--group") { Description = "The DGGS group, e.g. 12 (default: the store's only HEALPix group)" };

    public Option<string?> Projection { get; } = new("--projection")
    {
        Description = "south-polar, north-polar or plate-carree (default: from the data's hemisphere)",
    };

    public Option<double?> VMin { get; } = new("--vmin") { Description = "Value at the bottom of the colour scale (default: the smallest value)" };

    public Option<double?> VMax { get; } = new("--vmax") { Description = "Value at the top of the colour scale (default: the largest value)" };

    public Option<string> Colormap { get; } = new("--colormap")
    {
        Description = $"{string.Join(", ", Quicklook.Maps.Colormap.Names)} (append _r to reverse)",
        DefaultValueFactory = _ => "viridis",
    };

    public Option<int> Width { get; } = new("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 1000 };

    public Option<int> Height { get; } = new("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => 800 };

    public Option<string?> RunId { get; } = new("--run-id") { Description = "Run named in the title (default: the store's last reported run)" };

    public Option<bool> NoGraticule { get; } = new("--no-graticule") { Description = "Leave out parallels and meridians" };

    public Option<FileInfo> Output { get; } = new("--output", "-o") { Description = "The PNG file to write", Required = true };

    public Option<string?> Region { get; } = new("--region") { Description = "AWS region of an s3:// store" };

    public Option<string?> StoreEndpoint { get; } = new("--store-endpoint") { Description = "Endpoint of an S3-compatible server for an s3:// store" };

    public Option<bool> StorePathStyle { get; } = new("--store-path-style") { Description = "Path-style S3 addressing for --store-endpoint" };

    public Command CreateCommand()
    {
        var command = new Command("plot", "Draw a quicklook map (PNG) of one variable of a DGGS Zarr store") { Store };
        Option[] all = [Variable, Group, Projection, VMin, VMax, Colormap, Width, Height, RunId, NoGraticule, Output, Region, StoreEndpoint, StorePathStyle];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <exception cref="Quicklook.QuicklookException">An unknown projection.</exception>
    public MapRequest ToRequest(ParseResult parse) => new()
    {
        Variable = parse.GetRequiredValue(Variable),
        Group = parse.GetValue(Group),
        Projection = parse.GetValue(Projection) is { } projection ? MapProjection.ParseKind(projection) : null,
        VMin = parse.GetValue(VMin),
        VMax = parse.GetValue(VMax),
        Colormap = parse.GetValue(Colormap) ?? "viridis",
        Width = parse.GetValue(Width),
        Height = parse.GetValue(Height),
        RunId = parse.GetValue(RunId),
        Graticule = !parse.GetValue(NoGraticule),
    };
}
