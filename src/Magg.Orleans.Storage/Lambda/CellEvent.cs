using System.Text.Json;
using System.Text.Json.Serialization;

namespace Magg.Orleans.Storage.Lambda;

/// <summary>
/// The work of one cell as the Lambda function receives it (versioned JSON): what <c>CellWorker</c> needs to produce the
/// cell's chunks in the store — config, granules, store and layout, the fingerprint the silo computed and the template the
/// run prepared. It never carries a credential: the function reads granules and writes the store with its own.
/// </summary>
/// <param name="Version">The event's format version (<see cref="CurrentVersion"/>).</param>
/// <param name="RunId">The run (recorded in the stamp).</param>
/// <param name="ParentMorton">The cell.</param>
/// <param name="ChunkIndex">Its chunk.</param>
/// <param name="Granules">Absolute granule addresses.</param>
/// <param name="ConfigYaml">The pipeline config (magg YAML).</param>
/// <param name="Store">The store and its layout.</param>
/// <param name="Fingerprint">The inputs' fingerprint as the silo computed it; the function computes it again and refuses a mismatch.</param>
/// <param name="TemplateId">The store template the run prepared; a chunk is never written into another.</param>
public sealed record CellEvent(
    [property: JsonPropertyName("v")] int Version,
    string RunId,
    long ParentMorton,
    int ChunkIndex,
    IReadOnlyList<string> Granules,
    string ConfigYaml,
    CellEventStore Store,
    string Fingerprint,
    string TemplateId)
{
    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Largest event this build sends, in bytes (Lambda's limit for asynchronous events; far below the 6 MB of a synchronous one).</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The event as UTF-8 JSON.</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, LambdaJson.Options);

    /// <summary>Reads an event.</summary>
    /// <exception cref="CellEventException">Not JSON, not an event, a missing field, or another version.</exception>
    public static CellEvent Parse(ReadOnlySpan<byte> json)
    {
        CellEvent? parsed;
        try
        {
            var version = JsonSerializer.Deserialize<VersionProbe>(json, LambdaJson.Options)?.V;
            if (version != CurrentVersion)
            {
                throw new CellEventException($"the event has version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; this function reads version {CurrentVersion}");
            }

            parsed = JsonSerializer.Deserialize<CellEvent>(json, LambdaJson.Options);
        }
        catch (JsonException e)
        {
            throw new CellEventException($"the event is not a cell event: {e.Message}", e);
        }

        return parsed is { RunId: not null, Granules: not null, ConfigYaml: not null, Store.Location: not null, Fingerprint: not null, TemplateId: not null }
            ? parsed
            : throw new CellEventException("the event lacks run_id, granules, config_yaml, store, fingerprint or template_id");
    }

    private sealed record VersionProbe(int? V);
}
