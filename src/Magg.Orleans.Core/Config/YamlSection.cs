using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Magg.Orleans.Core.Config;

/// <summary>A YAML mapping being read, with its dotted key path for error messages.</summary>
internal sealed class YamlSection(string source, string path, YamlMappingNode node)
{
    public string Path { get; } = path;

    public YamlMappingNode Node { get; } = node;

    /// <summary>The keys, in file order.</summary>
    public IEnumerable<string> Keys => Node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Node.Children.ContainsKey(new YamlScalarNode(key));

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public ConfigException Error(string key, string problem, YamlNode? at = null)
    {
        var mark = (at ?? Find(key) ?? Node).Start;
        return new ConfigException(source, KeyPath(key), problem, (int)mark.Line, (int)mark.Column);
    }

    public YamlNode? Find(string key) => Node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public YamlSection Section(string key, string? problemWhenMissing = null) =>
        OptionalSection(key) ?? throw Error(key, problemWhenMissing ?? "missing required section", Node);

    public YamlSection? OptionalSection(string key) => Find(key) switch
    {
        null => null,
        YamlMappingNode mapping => new YamlSection(source, KeyPath(key), mapping),
        var other => throw Error(key, "must be a mapping of keys to values", other),
    };

    public string Text(string key) => OptionalText(key) ?? throw Error(key, "is required", Node);

    public string? OptionalText(string key) => Find(key) switch
    {
        null => null,
        YamlScalarNode { Value: { Length: > 0 } text } => text,
        var other => throw Error(key, "must be a non-empty text value", other),
    };

    public double? OptionalNumber(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        return node is YamlScalarNode scalar && TryParseNumber(scalar.Value, out var number)
            ? number
            : throw Error(key, "must be a number", node);
    }

    public int Integer(string key, int min, int max)
    {
        var node = Find(key) ?? throw Error(key, "is required", Node);
        return node is YamlScalarNode scalar && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw Error(key, $"must be an integer from {min} to {max}", node);
    }

    public IReadOnlyList<string> TextList(string key)
    {
        var node = Find(key) ?? throw Error(key, "is required", Node);
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0
            || sequence.Children.Any(c => c is not YamlScalarNode { Value.Length: > 0 }))
        {
            throw Error(key, "must be a non-empty list of names", node);
        }

        return sequence.Children.Cast<YamlScalarNode>().Select(c => c.Value!).ToArray();
    }

    /// <summary>Parses YAML numbers, including <c>.nan</c>, <c>.inf</c>, <c>-.inf</c> and the spellings numpy users write (<c>NaN</c>, <c>nan</c>, <c>inf</c>).</summary>
    public static bool TryParseNumber(string? text, out double value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case ".nan" or "nan":
                value = double.NaN;
                return true;
            case ".inf" or "+.inf" or "inf" or "+inf" or "infinity":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
