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

    /// <summary>Exit code of a request that could not start: bad arguments, config or catalog.</summary>
    public const int InvalidInput = 2;

    /// <summary>Builds the root command.</summary>
    public static RootCommand Create() => new("Magg aggregation of ICESat-2 granules onto HEALPix grids, on an Orleans cluster")
    {
        SubmitCommand.Create(),
        StatusCommand.Create(),
        SiloCommand.Create(),
        IndexCommand.Create(),
        DemoCommand.Create(),
    };
}
