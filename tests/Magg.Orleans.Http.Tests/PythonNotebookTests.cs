using System.Text.Json.Nodes;
using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary>
/// notebooks/python-quickstart.ipynb executed headless by <c>jupyter nbconvert --execute</c> against a real serve process, on a
/// small demo data set; any cell error fails the test.
/// </summary>
public sealed class PythonNotebookTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task PythonQuickstart_RunsEveryCell_WithTableAndMap()
    {
        var nbconvert = ExternalTool.Require("jupyter-nbconvert",
            "apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-tqdm (test.sh does it)");
        var demo = await DemoDatasetBuilder.CreateAsync(Path.Combine(serve.Folder, "demo"),
            DemoOptions.Antarctica with { ParentCells = 6, TargetObservations = 150_000 }, TestContext.Current.CancellationToken);
        var notebook = Path.Combine(ServeProcess.RepositoryRoot(), "notebooks", "python-quickstart.ipynb");
        var executed = Path.Combine(serve.Folder, "python-quickstart.out.ipynb");
        var environment = PythonProcess.Environment(serve);
        environment["MAGG_DEMO_CATALOG"] = demo.CatalogPath;
        environment["MAGG_DEMO_STORE"] = Path.Combine(serve.Folder, "notebook.zarr");
        environment["PYDEVD_DISABLE_FILE_VALIDATION"] = "1";

        var (exitCode, output) = await PythonProcess.RunAsync(nbconvert,
            ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", notebook, "--output", executed], serve.Folder, environment,
            TimeSpan.FromMinutes(10));

        Assert.True(exitCode == 0, $"nbconvert exited {exitCode}:\n{output}");
        var outputs = JsonNode.Parse(await File.ReadAllTextAsync(executed, TestContext.Current.CancellationToken))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").SelectMany(c => c!["outputs"]!.AsArray()).ToArray();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        Assert.Contains(outputs, o => o!["data"]?["image/png"] is not null);
        Assert.Contains(outputs, o => o!["data"]?["text/html"]?.ToString().Contains("parent_morton", StringComparison.Ordinal) == true);
        var lastValue = outputs.Last(o => (string?)o!["output_type"] == "execute_result")!["data"]!["text/plain"]!;
        Assert.Equal(demo.ExpectedObservations.ToString(System.Globalization.CultureInfo.InvariantCulture), lastValue is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)lastValue);
    }
}
