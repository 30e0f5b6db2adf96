using System.Diagnostics;
using System.Text;

namespace Magg.Orleans.Lambda.Tests.Support;

/// <summary>A finished process: exit code, standard output and error.</summary>
public sealed record ProcessRun(int ExitCode, string Output, string Error)
{
    /// <summary>The value of the <c>key: value</c> line of standard output.</summary>
    public string Field(string key) =>
        Output.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..]
        ?? throw new Xunit.Sdk.XunitException($"no '{key}:' line in:\n{this}");

    /// <summary>Runs <paramref name="executable"/> with <paramref name="environment"/> added, killing it (and its children) after <paramref name="timeout"/>.</summary>
    public static async Task<ProcessRun> RunAsync(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s");
            }

            return new ProcessRun(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode).Append("\n--- stdout\n").Append(Output)
        .Append("\n--- stderr\n").Append(Error.Length > 8000 ? Error[^8000..] : Error).ToString();
}
