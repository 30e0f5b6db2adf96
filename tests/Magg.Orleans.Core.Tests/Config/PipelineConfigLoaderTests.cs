using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Config;

public sealed class PipelineConfigLoaderTests
{
    private static readonly string Reference = File.ReadAllText(TestData.ReferenceConfig);

    [Fact]
    public async Task LoadAsync_ReferenceConfig_LoadsUnchanged()
    {
        var config = await PipelineConfigLoader.LoadAsync(TestData.ReferenceConfig, TestContext.Current.CancellationToken);

        Assert.Equal(["gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"], config.DataSource.Groups);
        Assert.Equal(GranuleDriver.S3, config.DataSource.Driver);
        Assert.Equal(["h_li", "s_li"], config.DataSource.Variables.Select(v => v.Key));
        Assert.Equal(0, config.DataSource.QualityFilter!.Value);
        Assert.Equal(12, config.ChildOrder);
        Assert.Equal(DataType.UInt64, config.Aggregation.CellIds.DataType);
        Assert.Equal(["count", "h_min", "h_max", "h_mean", "h_sigma", "h_variance", "h_q25", "h_q50", "h_q75"],
            config.Aggregation.Variables.Select(v => v.Name));
        var count = config.Aggregation.Variables[0];
        Assert.Equal((StatisticFunction.Len, DataType.Int32, 0.0), (count.Function!.Value, count.DataType, count.FillValue));
        Assert.True(double.IsNaN(config.Aggregation.Variables[1].FillValue));
        Assert.Equal(0.25, config.Aggregation.Variables[6].Quantile);
        Assert.NotNull(config.Aggregation.Variables[3].Weights);
        Assert.NotNull(config.Aggregation.Variables[4].Expression);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void BuiltIn_Atl06_MeansTheSameAsTheReferenceFile()
    {
        Assert.Contains("atl06", BuiltInConfigs.Names);
        Assert.Equal(ConfigFingerprint.Describe(PipelineConfigLoader.Parse(Reference)), ConfigFingerprint.Describe(BuiltInConfigs.Get("atl06")));
    }

    [Fact]
    public async Task ResolveAsync_UnknownName_NamesTheBuiltIns()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => PipelineConfigLoader.ResolveAsync("atl99", TestContext.Current.CancellationToken));
        Assert.Contains("atl06", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_IgnoresFormattingOfExpressions_ButNotTheirMeaning()
    {
        var spaced = PipelineConfigLoader.Parse(Reference.Replace("\"1.0 / s_li**2\"", "\"1.0/(s_li ** 2)\"", StringComparison.Ordinal));
        var changed = PipelineConfigLoader.Parse(Reference.Replace("\"1.0 / s_li**2\"", "\"1.0 / s_li\"", StringComparison.Ordinal));
        var reference = ConfigFingerprint.Compute(PipelineConfigLoader.Parse(Reference));

        Assert.Equal(reference, ConfigFingerprint.Compute(spaced));
        Assert.NotEqual(reference, ConfigFingerprint.Compute(changed));
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_IsAWarningNotAnError()
    {
        var config = PipelineConfigLoader.Parse(Reference + "\nnotes: hello\n");
        Assert.Contains(config.Warnings, w => w.Contains("notes", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string, string> InvalidConfigs => new()
    {
        // edit (from -> to), key the error must name, fragment of the problem
        { "data_source:", "data_sourcex:", "data_source", "missing" },
        { "aggregation:\n  coordinates:", "aggregationx:\n  coordinates:", "aggregation", "missing" },
        { "output:\n", "outputx:\n", "output", "missing" },
        { "    count:\n      function: len", "    count:\n      expression: \"len(h_li)\"\n      function: len", "aggregation.variables.count", "both" },
        { "    h_min:\n      function: min", "    h_min:\n      dtype_hint: x", "aggregation.variables.h_min.dtype_hint", "unknown key" },
        { "    h_max:\n      function: max\n", "    h_max:\n", "aggregation.variables.h_max", "neither" },
        { "      function: min\n      source: h_li", "      function: min\n      source: height", "aggregation.variables.h_min.source", "'height' is not a data_source variable" },
        { "function: var", "function: variance", "aggregation.variables.h_variance.function", "unknown function 'variance'" },
        { "\"1.0 / s_li**2\"", "\"1.0 / sigma**2\"", "aggregation.variables.h_mean.params.weights", "unknown column 'sigma'" },
        { "\"1.0 / np.sqrt(np.sum(1.0 / s_li**2))\"", "\"1.0 / np.sqrt(np.sum(1.0 / x_li**2))\"", "aggregation.variables.h_sigma.expression", "unknown column 'x_li'" },
        { "\"1.0 / np.sqrt(np.sum(1.0 / s_li**2))\"", "\"__import__(1)\"", "aggregation.variables.h_sigma.expression", "unknown function '__import__'" },
        { "\"1.0 / np.sqrt(np.sum(1.0 / s_li**2))\"", "\"np.sum(s_li); import os\"", "aggregation.variables.h_sigma.expression", "unexpected character ';'" },
        { "\"1.0 / np.sqrt(np.sum(1.0 / s_li**2))\"", "\"np.sqrt(s_li)\"", "aggregation.variables.h_sigma.expression", "one value per cell" },
        { "\"1.0 / s_li**2\"", "\"np.sum(s_li)\"", "aggregation.variables.h_mean.params.weights", "one weight per observation" },
        { "        q: 0.25", "        q: 1.25", "aggregation.variables.h_q25.params.q", "from 0 to 1" },
        { "        q: 0.25", "        k: 0.25", "aggregation.variables.h_q25.params.k", "unknown param" },
        { "      function: min\n      source: h_li\n", "      function: min\n      source: h_li\n      params:\n        q: 1\n", "aggregation.variables.h_min.params.q", "takes no params" },
        { "    child_order: 12", "    level: 12", "output.grid.child_order", "required" },
        { "    child_order: 12", "    child_order: 19", "output.grid.child_order", "" },
        { "    type: healpix", "    type: h3", "output.grid.type", "healpix" },
        { "      dtype: int32", "      dtype: int33", "aggregation.variables.count.dtype", "not a data type" },
        { "    h_min:\n      function: min\n      source: h_li\n      dtype: float32", "    h_min:\n      function: min\n      source: h_li\n      dtype: int8\n      fill_value: 300", "aggregation.variables.h_min.fill_value", "300 is not an int8 value" },
        { "  driver: s3", "  driver: ftp", "data_source.driver", "s3 or https" },
        { "output:\n", "bounds:\n  temporal:\n    start_date: 2020-02-01\n    end_date: 2020-01-01\noutput:\n", "bounds.temporal.end_date", "before start_date" },
        { "output:\n", "bounds:\n  temporal:\n    start_date: yesterday\noutput:\n", "bounds.temporal.start_date", "not a date" },
        { "output:\n", "bounds:\n  spatial: [1, 2, 3]\noutput:\n", "bounds.spatial", "" },
        { "output:\n", "bounds:\n  spatial: [10, 0, -10, 5]\noutput:\n", "bounds.spatial", "minimums must be below maximums" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Parse_InvalidConfig_ErrorNamesTheKeyAndTheProblem(string from, string to, string key, string problem)
    {
        Assert.Contains(from, Reference, StringComparison.Ordinal);
        var yaml = Reference.Replace(from, to, StringComparison.Ordinal);

        var error = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(yaml, "test.yaml"));

        Assert.Equal(key, error.Key);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotYaml_SaysSo()
    {
        var error = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse("data_source: [unclosed", "bad.yaml"));
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }
}
