namespace Magg.Orleans.TestSupport;

/// <summary>Paths into <c>tests/data</c> (golden vectors, fixtures, reference config), copied next to every test binary.</summary>
public static class TestData
{
    /// <summary>The data folder beside the running test assembly.</summary>
    public static string Root { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>A file or folder under the data root, e.g. <c>Path("golden", "morton_points.csv")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The magg reference pipeline config, byte for byte as users have it.</summary>
    public static string ReferenceConfig => Path("reference", "atl06.yaml");

    /// <summary>A fixture folder: <c>small</c> or <c>north</c>.</summary>
    public static string Fixture(string name) => Path("fixtures", name);

    /// <summary>The fixture names that have expected outputs.</summary>
    public static IReadOnlyList<string> FixtureNames { get; } = ["small", "north"];
}
