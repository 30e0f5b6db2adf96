namespace Magg.Orleans.Lambda.Tests.Support;

/// <summary>Where the repository and the build outputs the tests start as processes are.</summary>
public static class Repository
{
    private static readonly DirectoryInfo Here = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The repository's root folder (the one with Magg.Orleans.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of these tests (Release, Debug).</summary>
    public static string Configuration => Here.Parent!.Name;

    /// <summary>The function's build output: <c>dotnet bootstrap.dll</c> runs it framework-dependent.</summary>
    public static string BootstrapDll => Output("Magg.Orleans.Lambda", "bootstrap.dll");

    /// <summary>The CLI's build output.</summary>
    public static string CliDll => Output("Magg.Orleans.Cli", "magg-orleans.dll");

    /// <summary>The <c>dotnet</c> host running these tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>The full path of <see cref="Dotnet"/>.</summary>
    public static string DotnetPath => Path.IsPathRooted(Dotnet) ? Dotnet
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(f => Path.Combine(f, Dotnet)).FirstOrDefault(File.Exists) ?? Dotnet;

    private static string Output(string project, string file)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, Here.Name, file);
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (dotnet build -c {Configuration}) first");
        return path;
    }

    private static string FindRoot()
    {
        var folder = Here;
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Magg.Orleans.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"no Magg.Orleans.sln above {Here.FullName}");
    }
}
