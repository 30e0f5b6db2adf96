using Magg.Orleans.Core.Config;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Config;

/// <summary>The optional <c>output.grid.parent_order</c> (magg's grid key), which the catalog builder takes its order from.</summary>
public sealed class GridParentOrderTests
{
    private static readonly string Reference = File.ReadAllText(TestData.ReferenceConfig);

    [Fact]
    public void Parse_WithoutParentOrder_HasNone()
    {
        Assert.Null(PipelineConfigLoader.Parse(Reference).Output.Grid.ParentOrder);
    }

    [Fact]
    public void Parse_ParentOrder_IsReadWithoutWarnings()
    {
        var config = PipelineConfigLoader.Parse(Reference.Replace("    child_order: 12", "    parent_order: 6\n    child_order: 12", StringComparison.Ordinal));

        Assert.Equal(6, config.Output.Grid.ParentOrder);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Parse_ParentOrderFinerThanChildOrder_NamesTheKey()
    {
        var error = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(
            Reference.Replace("    child_order: 12", "    parent_order: 13\n    child_order: 12", StringComparison.Ordinal), "test.yaml"));

        Assert.Equal("output.grid.parent_order", error.Key);
        Assert.Contains("from 0 to 12", error.Message, StringComparison.Ordinal);
    }
}
