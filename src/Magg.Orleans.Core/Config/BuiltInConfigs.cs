namespace Magg.Orleans.Core.Config;

/// <summary>Pipeline configs shipped inside the library, asked for by name (e.g. <c>--config atl06</c>).</summary>
public static class BuiltInConfigs
{
    private const string ResourcePrefix = "Magg.Orleans.Core.Config.BuiltIn.";

    /// <summary>The names of the built-in configs.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(BuiltInConfigs).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The YAML text of built-in config <paramref name="name"/>.</summary>
    public static bool TryGetText(string name, out string text)
    {
        using var stream = typeof(BuiltInConfigs).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.yaml");
        if (stream is null)
        {
            text = "";
            return false;
        }

        using var reader = new StreamReader(stream);
        text = reader.ReadToEnd();
        return true;
    }

    /// <summary>The parsed built-in config <paramref name="name"/>.</summary>
    public static PipelineConfig Get(string name) =>
        TryGetText(name, out var text)
            ? PipelineConfigLoader.Parse(text, $"built-in config '{name}'")
            : throw new ConfigException(name, "(name)", $"not a built-in config (built-in: {string.Join(", ", Names)})");
}
