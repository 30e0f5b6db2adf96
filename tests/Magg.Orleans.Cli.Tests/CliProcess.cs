using System.Diagnostics;

namespace Magg.Orleans.Cli.Tests;

/// <summary>Runs the built <c>magg-orleans</c> (src/Magg.Orleans.Cli's own build output) as a real process.</summary>
public static class CliProcess
{
    /// <summary>Runs <c>dotnet magg-orleans.dll <paramref name="args"/></c> with extra <paramref name="environment"/>, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [CliDll(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("magg-orleans did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(timeout);
            await process.WaitForExitAsync(limit.Token);
            return new CliRun(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The CLI's build output for this test build's configuration (bin/&lt;configuration&gt;/net10.0).</summary>
    private static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Magg.Orleans.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "src", "Magg.Orleans.Cli", "bin", configuration, here.Name, "magg-orleans.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution (dotnet build -c {configuration}) first");
        return dll;
    }
}
