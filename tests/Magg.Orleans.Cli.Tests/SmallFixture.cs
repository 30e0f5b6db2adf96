using System.Text.Json;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary>What the small fixture's catalog says: its cells with their granule counts, and the expected observations.</summary>
public static class SmallFixture
{
    /// <summary>The catalog file.</summary>
    public static string Catalog { get; } = Path.Combine(TestData.Fixture("small"), "catalog.json");

    /// <summary>Distinct granules per parent cell, in catalog order.</summary>
    public static IReadOnlyList<(string Morton, int Granules)> Cells()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Catalog));
        return [.. document.RootElement.GetProperty("catalog").EnumerateObject()
            .Select(p => (p.Name, p.Value.EnumerateArray().Select(g => g.GetString()).Distinct(StringComparer.Ordinal).Count()))];
    }

    /// <summary>Quality-0 segments of all cells: the expected <c>total_obs</c> of a run over every cell.</summary>
    public static long ExpectedObservations()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Catalog));
        return document.RootElement.GetProperty("metadata").GetProperty("synthetic").GetProperty("cell_quality0_segments")
            .EnumerateObject().Sum(p => p.Value.GetInt64());
    }
}
