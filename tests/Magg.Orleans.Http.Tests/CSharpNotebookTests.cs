using Magg.Orleans.TestSupport;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace Magg.Orleans.Http.Tests;

/// <summary>
/// notebooks/csharp-quickstart.ipynb executed cell by cell in the .NET Interactive C# kernel, its <c>#r</c> paths rewritten to this
/// test's build output; any failed command or error diagnostic fails the test.
/// </summary>
public sealed class CSharpNotebookTests
{
    private const string NotebookAssemblies = "../src/Magg.Orleans.Cli/bin/Release/net10.0/";
    private const string DemoFolderVariable = "Environment.GetEnvironmentVariable(\"MAGG_DEMO_FOLDER\")";

    [Fact]
    public async Task CSharpQuickstart_RunsEveryCell_WithProgressSummaryAndMap()
    {
        using var folder = new TemporaryFolder();
        var text = await File.ReadAllTextAsync(Path.Combine(ServeProcess.RepositoryRoot(), "notebooks", "csharp-quickstart.ipynb"), TestContext.Current.CancellationToken);
        var document = Notebook.Parse(text, new KernelInfoCollection { new KernelInfo("csharp", "C#", ["c#", "C#"]) });
        var cells = document.Elements.Where(e => e.KernelName == "csharp").ToArray();
        Assert.True(cells.Length >= 6, $"{cells.Length} C# cells");
        Assert.Contains(cells, c => c.Contents.Contains(NotebookAssemblies, StringComparison.Ordinal));
        Assert.Contains(cells, c => c.Contents.Contains(DemoFolderVariable, StringComparison.Ordinal));
        foreach (var cell in cells)
        {
            // This test's own build output holds the same assemblies, already part of its dependency graph.
            cell.Contents = cell.Contents.Replace(NotebookAssemblies, AppContext.BaseDirectory.TrimEnd('/') + "/", StringComparison.Ordinal)
                .Replace(DemoFolderVariable, "@\"" + folder.Path + "\"", StringComparison.Ordinal);
        }

        using var kernel = new CSharpKernel().UseKernelHelpers();
        var shown = new List<string>();
        foreach (var cell in cells)
        {
            var result = await kernel.SendAsync(new SubmitCode(cell.Contents), TestContext.Current.CancellationToken);
            var errors = result.Events.OfType<CommandFailed>().Select(f => f.Message)
                .Concat(result.Events.OfType<DiagnosticsProduced>().SelectMany(d => d.Diagnostics)
                    .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()))
                .ToArray();
            Assert.True(errors.Length == 0, $"cell {cell.Id} failed:\n{cell.Contents}\n---\n{string.Join('\n', errors)}");
            shown.AddRange(result.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Select(v => v.Value));
            shown.AddRange(result.Events.OfType<StandardOutputValueProduced>().SelectMany(e => e.FormattedValues).Select(v => v.Value));
        }

        Assert.Contains(shown, s => s.Contains("<img src=\"data:image/png;base64,", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.StartsWith("Completed: 6/6 cells", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Contains("ParentMorton", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.Contains("Completed", StringComparison.Ordinal) && s.Contains("observations in", StringComparison.Ordinal));
    }
}
