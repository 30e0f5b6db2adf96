using System.Diagnostics;

namespace Magg.Orleans.Cli.Tests;

/// <summary>Runs the built <c>magg-orleans</c> as its own process (as a user would), killing it if it outlives the timeout or the test.</summary>
public static class CliProcess
{
    /// <summary>The CLI assembly next to the tests (the project reference copies it with its runtime config).</summary>
    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "magg-orleans.dll");

    public static async Task<CliRun> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"magg-orleans {string.Join(' ', args)} did not finish within {timeout}:\n{await output}\n{await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
