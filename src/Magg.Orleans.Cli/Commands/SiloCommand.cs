using System.CommandLine;
using Magg.Orleans.Silo;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>silo</c>: runs a silo in the foreground, with the same flags and variables as the silo image.</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var command = new Command("silo", "Run a Magg silo in the foreground (Ctrl+C or SIGTERM stops it)");
        SiloCommandLine.Configure(command);
        return command;
    }
}
