namespace Magg.Orleans.Catalog.Tests;

/// <summary>Cycles, default file names and query validation, as the old tool has them.</summary>
public sealed class CatalogQueryTests
{
    [Theory]
    [InlineData(1, "2018-10-13", "2019-01-12")]
    [InlineData(22, "2024-01-06", "2024-04-06")]
    public void ForCycle_Is91DaysFromLaunch(int cycle, string start, string end)
    {
        var query = CatalogQuery.ForCycle(cycle);

        Assert.Equal((DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)),
            (query.StartDate, query.EndDate));
        Assert.Equal(cycle, query.Cycle);
    }

    [Fact]
    public void DefaultFileName_CycleAndDateForms()
    {
        Assert.Equal("catalog_ATL06_cycle22_order6.json", CatalogQuery.ForCycle(22).DefaultFileName);
        Assert.Equal("catalog_ATL08_2024-01-01_2024-06-01_order7.json",
            new CatalogQuery { ShortName = "ATL08", StartDate = new(2024, 1, 1), EndDate = new(2024, 6, 1), ParentOrder = 7 }.DefaultFileName);
    }

    [Fact]
    public void Validate_EmptyShortName_NamesTheFlag()
    {
        var error = Assert.Throws<CatalogInputException>(() => (CatalogQuery.ForCycle(22) with { ShortName = " " }).Validate());

        Assert.Contains("--short-name", error.Message, StringComparison.Ordinal);
    }
}
