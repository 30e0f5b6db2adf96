using System.Text;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Security;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Config;

/// <summary>
/// Configs built to hurt the process that parses them. Each must give a <see cref="ConfigException"/> with a stable
/// message naming the line, and the test host must survive: a stack overflow would end this process, so every
/// test here passing is itself the proof that none happened.
/// </summary>
public sealed class HostileConfigTests
{
    private static readonly string Reference = File.ReadAllText(TestData.ReferenceConfig);

    private static ConfigException Refused(string yaml, InputLimits? limits = null) =>
        Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(yaml, "evil.yaml", limits ?? new InputLimits()));

    [Fact]
    public void Parse_TenThousandOpenBrackets_IsRefusedAtLevel33()
    {
        var error = Refused(new string('[', 10_000));

        Assert.Equal($"evil.yaml:1:33: {string.Concat(Enumerable.Repeat("[0]", 32))}: nests deeper than 32 levels", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Parse_TenThousandNestedFlowMappings_IsRefused()
    {
        var yaml = string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000);

        var error = Refused(yaml);

        Assert.Equal($"evil.yaml:1:129: {string.Join('.', Enumerable.Repeat("a", 32))}: nests deeper than 32 levels", error.Message);
    }

    [Fact]
    public void Parse_NestedBlockMappings_AreRefusedBeyond32Levels()
    {
        var yaml = new StringBuilder();
        for (var level = 0; level < 40; level++)
        {
            yaml.Append(' ', level).Append("k:\n");
        }

        var error = Refused(yaml.ToString());

        Assert.Equal($"evil.yaml:33:33: {string.Join('.', Enumerable.Repeat("k", 32))}: nests deeper than 32 levels", error.Message);
    }

    [Fact]
    public void Parse_AliasBomb_IsRefusedAtTheFirstAnchor()
    {
        var yaml = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat($"*{previous}", 9)).Append("]\n");
        }

        var error = Refused(yaml.ToString());

        Assert.Equal("evil.yaml:1:4: a: anchors (&a) are not allowed in configs", error.Message);
    }

    [Fact]
    public void Parse_AnchorsAndAliasesInAnOtherwiseValidConfig_AreRefused()
    {
        var anchored = Reference.Replace("    h_min:\n      function: min", "    h_min: &stat\n      function: min", StringComparison.Ordinal);
        var error = Refused(anchored);
        Assert.Equal("evil.yaml:29:12: aggregation.variables.h_min: anchors (&stat) are not allowed in configs", error.Message);
    }

    [Fact]
    public void Parse_Alias_IsRefusedWithItsLine()
    {
        // A bare alias (to an anchor the parser never saw defined) is refused as an alias, not as a YAML error.
        var error = Refused("data_source: *src\n");
        Assert.Equal("evil.yaml:1:14: data_source: aliases (*src) are not allowed in configs; write the value out", error.Message);
    }

    [Fact]
    public void Parse_MergeKey_IsRefused()
    {
        var yaml = Reference.Replace("    h_max:\n      function: max", "    h_max:\n      <<: {dtype: float64}\n      function: max", StringComparison.Ordinal);
        var error = Refused(yaml);
        Assert.Equal("evil.yaml:34:7: aggregation.variables.h_max.<<: merge keys (<<) are not allowed in configs", error.Message);
    }

    [Fact]
    public void Parse_ComplexKey_IsRefused()
    {
        var error = Refused("? [a, b]\n: 1\n");
        Assert.Equal("evil.yaml:1:3: (root): keys must be plain values, not mappings or lists", error.Message);
    }

    [Fact]
    public void Parse_DuplicateKey_IsRefusedWithTheSecondOccurrence()
    {
        var error = Refused(Reference + "output:\n  grid:\n    child_order: 6\n");
        Assert.Equal("evil.yaml:74:1: output: duplicate key", error.Message);
    }

    [Fact]
    public void Parse_SecondDocument_IsRefused()
    {
        var error = Refused(Reference + "---\ncatalog: other.json\n");
        Assert.Equal("evil.yaml:74:1: (yaml): a config is one YAML document; found a second one", error.Message);
    }

    [Fact]
    public void Parse_OneMegabyteConfig_IsRefusedBySize()
    {
        var yaml = Reference + new string('#', 1024 * 1024 - Reference.Length);

        var error = Refused(yaml);

        Assert.Equal("evil.yaml: (size): is 1,048,576 bytes, over the 65,536-byte limit for configs (Magg:Limits:MaxConfigBytes)", error.Message);
        Assert.Equal("(size)", error.Key);
    }

    [Fact]
    public void Parse_SizeCapCountsUtf8Bytes_AndIsConfigurable()
    {
        var padded = Reference + "# " + new string('é', 40_000) + "\n";   // 80,000 UTF-8 bytes in 40,000 characters

        Assert.Equal("(size)", Refused(padded).Key);
        var config = PipelineConfigLoader.Parse(padded, "big.yaml", new InputLimits { MaxConfigBytes = 128 * 1024 });
        Assert.Equal(12, config.ChildOrder);
    }

    [Fact]
    public async Task LoadAsync_LargeFile_IsRefusedBySize()
    {
        var path = Path.Combine(Path.GetTempPath(), $"magg-big-{Guid.NewGuid():N}.yaml");
        try
        {
            await File.WriteAllTextAsync(path, Reference + new string('#', 1024 * 1024), TestContext.Current.CancellationToken);

            var error = await Assert.ThrowsAsync<ConfigException>(() => PipelineConfigLoader.LoadAsync(path, TestContext.Current.CancellationToken));

            Assert.Equal($"{path}: (size): is over the 65,536-byte limit for configs (Magg:Limits:MaxConfigBytes)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LoadAsync_EndlessDevice_IsRefusedAfterReadingOnlyTheCap()
    {
        Assert.SkipUnless(File.Exists("/dev/zero"), "needs /dev/zero");

        var error = await Assert.ThrowsAsync<ConfigException>(() => PipelineConfigLoader.LoadAsync("/dev/zero", TestContext.Current.CancellationToken));

        Assert.Equal("/dev/zero: (size): is over the 65,536-byte limit for configs (Magg:Limits:MaxConfigBytes)", error.Message);
    }

    [Fact]
    public async Task ReferenceConfig_StillLoads_UnderTheDefaultLimits()
    {
        var config = await PipelineConfigLoader.LoadAsync(TestData.ReferenceConfig, new InputLimits(), TestContext.Current.CancellationToken);
        Assert.Equal(Reference, config.SourceText);
        Assert.Equal(9, config.Aggregation.Variables.Count);
    }

    [Fact]
    public void Quantile_OutsideZeroToOne_NamesTheKey()
    {
        var error = Refused(Reference.Replace("        q: 0.25", "        q: 1.5", StringComparison.Ordinal));

        Assert.Equal("evil.yaml:54:12: aggregation.variables.h_q25.params.q: quantile needs params.q, a number from 0 to 1", error.Message);
    }

    [Theory]
    [InlineData("int32", ".nan", "NaN is not an int32 value: NaN and infinite fill values need a float dtype (float32 or float64)")]
    [InlineData("uint8", "nan", "NaN is not a uint8 value: NaN and infinite fill values need a float dtype (float32 or float64)")]
    [InlineData("int64", "-.inf", "-Infinity is not an int64 value: NaN and infinite fill values need a float dtype (float32 or float64)")]
    [InlineData("int16", "1.5", "1.5 is not an int16 value (a whole number within the dtype's range)")]
    public void FillValue_AnIntegerDtypeCannotHold_NamesTheKey(string dtype, string fill, string problem)
    {
        var yaml = Reference.Replace("    h_min:\n      function: min\n      source: h_li\n      dtype: float32",
            $"    h_min:\n      function: min\n      source: h_li\n      dtype: {dtype}\n      fill_value: {fill}", StringComparison.Ordinal);

        var error = Refused(yaml);

        Assert.Equal($"evil.yaml:33:19: aggregation.variables.h_min.fill_value: {problem}", error.Message);
    }

    [Fact]
    public void FillValue_NaN_IsLegalForFloatDtypes_AndTheirDefault()
    {
        var yaml = Reference.Replace("    h_min:\n      function: min\n      source: h_li\n      dtype: float32",
            "    h_min:\n      function: min\n      source: h_li\n      dtype: float64\n      fill_value: .nan", StringComparison.Ordinal);

        var config = PipelineConfigLoader.Parse(yaml);

        Assert.True(double.IsNaN(config.Aggregation.Variables[1].FillValue));
        Assert.True(double.IsNaN(PipelineConfigLoader.Parse(Reference).Aggregation.Variables[2].FillValue));
    }

    [Fact]
    public void ChildOrder30_IsRefusedWithTheKey()
    {
        var error = Refused(Reference.Replace("    child_order: 12", "    child_order: 30", StringComparison.Ordinal));

        Assert.Equal("evil.yaml:73:18: output.grid.child_order: must be an integer from 0 to 18", error.Message);
    }

    [Theory]
    [InlineData(13, "12 is coarser than the catalog's parent_order 13; child_order must be at least parent_order")]
    [InlineData(1, "12 is 11 levels below the catalog's parent_order 1; at most 10 levels are allowed (Magg:Limits:MaxChildLevels)")]
    [InlineData(19, "the catalog's parent_order 19 is not an order from 0 to 18")]
    public void CheckParentOrder_OrdersThatDoNotFit_NameTheChildOrder(int parentOrder, string problem)
    {
        var config = PipelineConfigLoader.Parse(Reference);

        var error = Assert.Throws<ConfigException>(() => PipelineConfigLoader.CheckParentOrder(config, parentOrder, new InputLimits(), "atl06.yaml"));

        Assert.Equal($"atl06.yaml: output.grid.child_order: {problem}", error.Message);
    }

    [Fact]
    public void CheckParentOrder_UsualOrders_Pass()
    {
        var config = PipelineConfigLoader.Parse(Reference);
        PipelineConfigLoader.CheckParentOrder(config, 6, new InputLimits(), "atl06.yaml");
        PipelineConfigLoader.CheckParentOrder(config, 12, new InputLimits(), "atl06.yaml");
        PipelineConfigLoader.CheckParentOrder(config, 1, new InputLimits { MaxChildLevels = 11 }, "atl06.yaml");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64 * 1024 * 1024)]
    public void Limits_OutOfRange_AreRejectedBeforeParsing(int maxConfigBytes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PipelineConfigLoader.Parse(Reference, "x.yaml", new InputLimits { MaxConfigBytes = maxConfigBytes }));
        Assert.Equal("MaxConfigBytes", error.ParamName);
    }
}
