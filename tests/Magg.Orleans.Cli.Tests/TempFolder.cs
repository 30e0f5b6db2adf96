namespace Magg.Orleans.Cli.Tests;

/// <summary>A unique path under the temp folder (not created), deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>The folder's path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"magg-cli-tests-{Guid.NewGuid():N}");

    /// <summary>A path inside the folder.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
