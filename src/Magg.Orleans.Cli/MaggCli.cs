using System.CommandLine;
using Magg.Orleans.Cli.Commands;

namespace Magg.Orleans.Cli;

/// <summary>The <c>magg-orleans</c> command tree.</summary>
public static class MaggCli
{
    /// <summary>Exit code of a run that completed without cell errors (and of every other success).</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that finished with failed cells, failed, or was cancelled.</summary>
    public const int RunFailed = 1;

    /// <summary>Exit code of a request that could not start: a command line that does not parse, bad arguments, config or catalog.</summary>
    public const int InvalidInput = 2;

    /// <summary>
    /// Runs the command line: a command line that does not parse (a missing or malformed option) prints its errors
    /// and exits with <see cref="InvalidInput"/>, like every other bad input.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
        var help = args.Any(a => a is "-h" or "--help" or "-?");
        if (parse.Errors.Count == 0 || help)
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }

        var error = configuration?.Error ?? Console.Error;
        foreach (var problem in parse.Errors)
        {
            await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
        }

        await error.WriteLineAsync("(magg-orleans --help lists the commands and their options)").ConfigureAwait(false);
        return InvalidInput;
    }

    /// <summary>Builds the root command.</summary>
    public static RootCommand Create() => new("Magg aggregation of ICESat-2 granules onto HEALPix grids, on an Orleans cluster")
    {
        SubmitCommand.Create(),
        CatalogCommand.Create(),
        StatusCommand.Create(),
        SiloCommand.Create(),
        ServeCommand.Create(),
        IndexCommand.Create(),
        DemoCommand.Create(),
        PlotCommand.Create(),
    };
}
