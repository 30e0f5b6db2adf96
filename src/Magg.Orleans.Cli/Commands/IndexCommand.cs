using System.CommandLine;
using System.Globalization;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>index</c>: <c>lat,lon</c> CSV rows to <c>lat,lon,morton,nested</c> at an order.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo?>("file") { Description = "CSV file of lat,lon rows (default: standard input)", Arity = ArgumentArity.ZeroOrOne };
        var order = new Option<int>("--order") { Description = "HEALPix order 0..18", DefaultValueFactory = _ => Morton.MaxOrder };
        order.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > Morton.MaxOrder)
            {
                r.AddError($"--order must be between 0 and {Morton.MaxOrder}");
            }
        });
        var command = new Command("index", "Print the morton and NESTED index of lat,lon points") { input, order };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new CliConsole(parse);
            var file = parse.GetValue(input);
            if (file is { Exists: false })
            {
                return console.Fail(MaggCli.InvalidInput, $"no such file: {file.FullName}");
            }

            using var reader = file is null ? Console.In : new StreamReader(file.FullName);
            return await WriteAsync(reader, console, parse.GetValue(order), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> WriteAsync(TextReader reader, CliConsole console, int order, CancellationToken cancellationToken)
    {
        await console.Out.WriteLineAsync("lat,lon,morton,nested").ConfigureAwait(false);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (line.Trim().Length == 0 || (lineNumber == 1 && !double.TryParse(fields[0], CultureInfo.InvariantCulture, out _)))
            {
                continue;
            }

            if (fields.Length < 2
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || lat is < -90 or > 90 || !double.IsFinite(lon))
            {
                return console.Fail(MaggCli.InvalidInput, $"line {lineNumber}: '{line}' is not lat,lon in degrees (lat -90..90)");
            }

            var nested = Healpix.LatLonToNested(lat, lon, order);
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{fields[0]},{fields[1]},{Morton.FromNested(nested, order)},{nested}")).ConfigureAwait(false);
        }

        return MaggCli.Success;
    }
}
