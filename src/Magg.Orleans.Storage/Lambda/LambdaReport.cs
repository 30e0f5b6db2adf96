using System.Globalization;
using System.Text.RegularExpressions;

namespace Magg.Orleans.Storage.Lambda;

/// <summary>
/// The <c>REPORT</c> line Lambda appends to an invocation's log (<c>REPORT RequestId: … Duration: 102.25 ms Billed Duration:
/// 103 ms Memory Size: 2048 MB Max Memory Used: 75 MB Init Duration: 171.80 ms</c>): what the invocation was billed.
/// </summary>
/// <param name="DurationMs">Time the function ran.</param>
/// <param name="BilledDurationMs">Time billed (rounded up to the millisecond; includes the init phase where Lambda bills it).</param>
/// <param name="MemorySizeMb">Memory configured for the function.</param>
/// <param name="MaxMemoryUsedMb">Peak memory of the execution environment.</param>
/// <param name="InitDurationMs">The cold start's init phase, when there was one.</param>
public sealed partial record LambdaReport(double DurationMs, double BilledDurationMs, int MemorySizeMb, int MaxMemoryUsedMb, double? InitDurationMs)
{
    /// <summary>GB-seconds billed: billed seconds times configured GB (1 GB = 1024 MB, as AWS counts).</summary>
    public double GbSeconds => BilledDurationMs / 1000 * MemorySizeMb / 1024;

    /// <summary>The REPORT line of <paramref name="log"/> (the tail log of an invocation), or null when it has none.</summary>
    public static LambdaReport? Parse(string? log)
    {
        if (string.IsNullOrEmpty(log))
        {
            return null;
        }

        var line = log.Split('\n').LastOrDefault(l => l.StartsWith("REPORT ", StringComparison.Ordinal));
        if (line is null || Field(line, "Billed Duration") is not { } billed || Field(line, "Memory Size") is not { } memory)
        {
            return null;
        }

        return new LambdaReport(Field(line, "Duration") ?? billed, billed, (int)memory, (int)(Field(line, "Max Memory Used") ?? 0), Field(line, "Init Duration"));
    }

    /// <summary>The number after <c>name:</c> in a REPORT line (tab-separated fields).</summary>
    private static double? Field(string line, string name)
    {
        foreach (Match match in FieldPattern().Matches(line))
        {
            if (match.Groups["name"].Value == name)
            {
                return double.Parse(match.Groups["value"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?:^|\t)\s*(?<name>[A-Za-z][A-Za-z ]*?):\s*(?<value>[0-9]+(?:\.[0-9]+)?)\s*(?:ms|MB)", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}
