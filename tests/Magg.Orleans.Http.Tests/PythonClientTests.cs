using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary>The Python client's own unit tests (clients/python/tests, stdlib unittest) against a real serve process.</summary>
public sealed class PythonClientTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task PythonClient_UnitTests_PassAgainstServe()
    {
        var python = ExternalTool.Require("python3", "apt-get install python3 (or any Python 3.9+ on the PATH)");
        var client = Path.Combine(ServeProcess.RepositoryRoot(), "clients", "python");

        var (exitCode, output) = await PythonProcess.RunAsync(python, ["-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v"], client,
            PythonProcess.Environment(serve), TimeSpan.FromMinutes(10));

        Assert.True(exitCode == 0, $"python3 -m unittest exited {exitCode}:\n{output}");
        Assert.Matches(@"Ran 1\d tests", output);
        Assert.DoesNotContain("skipped 'MAGG_ORLEANS_URL is not set", output, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage(output);
    }
}
