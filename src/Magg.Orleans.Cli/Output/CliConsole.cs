using System.CommandLine;
using Spectre.Console;

namespace Magg.Orleans.Cli.Output;

/// <summary>Where a command writes: the invocation's output and error writers, with Spectre only on a real terminal.</summary>
internal sealed class CliConsole(ParseResult parse)
{
    public TextWriter Out { get; } = parse.InvocationConfiguration.Output;

    public TextWriter Error { get; } = parse.InvocationConfiguration.Error;

    /// <summary>True when output goes to an interactive terminal (live progress bar); plain lines otherwise.</summary>
    public bool IsInteractive => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public int Fail(int exitCode, string message)
    {
        Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
