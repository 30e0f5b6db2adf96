using System.CommandLine;

namespace Magg.Orleans.Cli.Tests;

/// <summary>What one <c>magg-orleans</c> invocation returned and wrote.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the CLI in this process with <paramref name="args"/>, capturing standard output and error.</summary>
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MaggCli.RunAsync(args, new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The output's lines, without line ends.</summary>
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of the <c>key: value</c> output line for <paramref name="key"/>.</summary>
    public string Field(string key) =>
        OutputLines.SingleOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..]
        ?? throw new Xunit.Sdk.XunitException($"no '{key}:' line in the output:\n{Output}\nstderr:\n{Error}");

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
