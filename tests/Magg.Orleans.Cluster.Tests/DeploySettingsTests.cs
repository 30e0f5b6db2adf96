using System.Text.Json;
using System.Text.RegularExpressions;
using Magg.Orleans.Silo;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>The silo settings the ECS task definition and the Dockerfile set are ones the silo reads, with values it accepts.</summary>
public sealed partial class DeploySettingsTests
{
    private static readonly string Deploy = Path.Combine(AppContext.BaseDirectory, "deploy");

    [Fact]
    public void TaskDefinition_Environment_BindsToASiloOfTheCluster()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "task-definition.json")));
        var environment = document.RootElement.GetProperty("containerDefinitions")[0].GetProperty("environment").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!.Replace("<elasticache-endpoint>", "cache.example", StringComparison.Ordinal));

        Assert.All(environment.Keys, AssertReadBySilo);
        var options = SiloCommandLine.Bind([], environment.GetValueOrDefault);
        Assert.Equal((SiloClustering.Redis, SiloStorage.DynamoDb, "magg-grain-state", "us-west-2"), (options.Clustering, options.Storage, options.TableName, options.Region));
    }

    [Fact]
    public void Dockerfile_Environment_IsReadBySilo()
    {
        var text = File.ReadAllText(Path.Combine(Deploy, "Dockerfile"));
        var variables = EnvAssignment().Matches(text[text.IndexOf("\nENV ", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToArray();

        Assert.Contains("MAGG_CLUSTERING", variables);
        Assert.All(variables.Where(v => !v.StartsWith("DOTNET_", StringComparison.Ordinal)), AssertReadBySilo);
    }

    private static void AssertReadBySilo(string variable) =>
        Assert.True(SiloSettings.All.Any(s => s.EnvironmentVariable == variable) || MaggSection().IsMatch(variable) || variable == "EARTHDATA_TOKEN",
            $"{variable} is not a setting the silo reads");

    [GeneratedRegex(@"(?m)^\s*(?:ENV\s+)?([A-Za-z_][A-Za-z0-9_]*)=\S*\s*\\?\s*$")]
    private static partial Regex EnvAssignment();

    [GeneratedRegex("^MAGG_(RUN|GRANULES|STORES|MEMBERSHIP|LIMITS|PIPELINECACHE|ACCESS|CELLS)__[A-Z0-9]+$")]
    private static partial Regex MaggSection();
}
