using System.Text.Json;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Storage.Cells;

/// <summary>
/// A cell's completion stamp, <c>_magg/cells/&lt;child order&gt;/&lt;chunk index&gt;.json</c> in the store, written after
/// the cell's chunks: the store's own record that they hold the outcome of the inputs with this fingerprint. It is what
/// makes runs idempotent across processes and clusters (an embedded silo's memory, a lost DynamoDB table).
/// </summary>
/// <param name="Fingerprint">The inputs' fingerprint (<see cref="CellFingerprint"/>).</param>
/// <param name="Status"><see cref="CellJobStatus.Written"/> or <see cref="CellJobStatus.Empty"/>.</param>
/// <param name="Outcome">The cell's outcome.</param>
/// <param name="RunId">The run that wrote it.</param>
/// <param name="WrittenAt">When.</param>
/// <param name="TemplateId">The store template the chunks were written into.</param>
/// <param name="ChunkIndex">The chunk.</param>
public sealed record CellStamp(string Fingerprint, CellJobStatus Status, CellRecord Outcome, string RunId, DateTimeOffset WrittenAt, string TemplateId,
    int ChunkIndex)
{
    /// <summary>The stamp as UTF-8 JSON (snake_case).</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, StoreJson.Options);

    /// <summary>A stamp read back, or null when it is not a stamp (a torn or foreign object is never trusted).</summary>
    public static CellStamp? Parse(byte[] json)
    {
        try
        {
            var stamp = JsonSerializer.Deserialize<CellStamp>(json, StoreJson.Options);
            return stamp is { Fingerprint.Length: > 0, Outcome: not null } ? stamp : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
