using System.Collections;

namespace Magg.Orleans.Silo;

/// <summary>
/// Maps <c>MAGG_SECTION__KEY</c> environment variables into the <c>Magg</c> configuration section
/// (<c>MAGG_RUN__CELLLEASE=00:00:10</c> sets <c>Magg:Run:CellLease</c>), so grain and membership tuning needs no
/// <c>Orleans__*</c> variable. Variables without <c>__</c> (<c>MAGG_CLUSTERING</c>, <c>MAGG_S3_ACCESS_KEY_ID</c>) are not mapped.
/// </summary>
internal static class MaggEnvironmentVariables
{
    private const string Prefix = "MAGG_";

    public static IEnumerable<KeyValuePair<string, string?>> ToConfiguration(IDictionary variables) =>
        variables.Cast<DictionaryEntry>()
            .Select(e => (Name: e.Key as string ?? "", Value: e.Value as string))
            .Where(e => e.Name.StartsWith(Prefix, StringComparison.Ordinal) && e.Name.Contains("__", StringComparison.Ordinal))
            .Select(e => KeyValuePair.Create("Magg:" + e.Name[Prefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value));
}
