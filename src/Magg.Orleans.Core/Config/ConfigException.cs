namespace Magg.Orleans.Core.Config;

/// <summary>A pipeline config that cannot be used. The message names the offending key and the problem.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/> (a dotted path such as <c>aggregation.variables.h_mean.params.weights</c>).</summary>
    public ConfigException(string source, string key, string problem, int? line = null, int? column = null, Exception? innerException = null)
        : base(Format(source, key, problem, line, column), innerException)
    {
        Key = key;
        Problem = problem;
        Line = line;
    }

    /// <summary>The offending key as a dotted path.</summary>
    public string Key { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>1-based line in the YAML text, when known.</summary>
    public int? Line { get; }

    private static string Format(string source, string key, string problem, int? line, int? column) =>
        line is null ? $"{source}: {key}: {problem}" : $"{source}:{line}:{column}: {key}: {problem}";
}
