namespace Magg.Orleans.Storage.Cells;

/// <summary>One cell to produce: what <see cref="CellWorker"/> needs besides the store and the compiled config.</summary>
/// <param name="RunId">The run (recorded in the stamp).</param>
/// <param name="ChunkIndex">The chunk the cell writes (its position in the catalog).</param>
/// <param name="ParentMorton">The cell.</param>
/// <param name="Granules">Absolute granule addresses (catalog entries resolved for the driver).</param>
/// <param name="Fingerprint">The inputs' fingerprint (<see cref="CellFingerprint.Compute"/>).</param>
/// <param name="TemplateId">The template the run prepared; a chunk is never written into another.</param>
public sealed record CellJob(string RunId, int ChunkIndex, long ParentMorton, IReadOnlyList<string> Granules, string Fingerprint, string TemplateId);
