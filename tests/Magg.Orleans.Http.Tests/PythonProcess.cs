using System.Diagnostics;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary>Runs a Python program of the repository (unit tests, nbconvert) against a serve process, killing it on timeout.</summary>
public static class PythonProcess
{
    /// <summary>The variables every run gets: the server, its token and the fixture; the notebook user's own credentials are left out.</summary>
    public static Dictionary<string, string?> Environment(ServeFixture serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        return new()
        {
            ["MAGG_ORLEANS_URL"] = serve.Serve.Address.ToString().TrimEnd('/'),
            ["MAGG_ORLEANS_TOKEN"] = ServeFixture.Token,
            ["MAGG_TEST_CATALOG"] = ServeFixture.Catalog,
            ["MAGG_TEST_FOLDER"] = serve.Folder,
            ["MAGG_TEST_CONFIG"] = TestData.ReferenceConfig,
            ["PYTHONPATH"] = Path.Combine(ServeProcess.RepositoryRoot(), "clients", "python"),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["EARTHDATA_TOKEN"] = null, ["EARTHDATA_USERNAME"] = null, ["EARTHDATA_PASSWORD"] = null, ["MAGG_EARTHDATA_TOKEN_FILE"] = null,
        };
    }

    /// <summary>Runs <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="folder"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string executable, IEnumerable<string> arguments, string folder,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
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
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(timeout);
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
