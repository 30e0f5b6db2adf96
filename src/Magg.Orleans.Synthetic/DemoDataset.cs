namespace Magg.Orleans.Synthetic;

/// <summary>What <see cref="DemoDatasetBuilder.CreateAsync"/> wrote.</summary>
/// <param name="Folder">The data set folder (full path).</param>
/// <param name="CatalogPath"><c>catalog.json</c>: granule paths relative to <paramref name="Folder"/>.</param>
/// <param name="S3CatalogPath"><c>catalog_s3.json</c>: the same cells with <c>{s3_base}/granules/{name}</c> URLs.</param>
/// <param name="Cells">Catalog cells in key (chunk) order.</param>
/// <param name="Granules">Granule paths relative to <paramref name="Folder"/>, in generation order.</param>
/// <param name="Observations">Segments written over all granules and beams (inside the catalog cells or not).</param>
/// <param name="Bytes">Total size of the granule files.</param>
public sealed record DemoDataset(
    string Folder,
    string CatalogPath,
    string S3CatalogPath,
    IReadOnlyList<DemoCell> Cells,
    IReadOnlyList<string> Granules,
    long Observations,
    long Bytes)
{
    /// <summary>The ground track of each granule, in the order of <see cref="Granules"/>.</summary>
    public IReadOnlyList<SyntheticTrack> Tracks { get; init; } = [];

    /// <summary>Sum of the cells' <see cref="DemoCell.ExpectedObservations"/>: the run's expected <c>total_obs</c>.</summary>
    public long ExpectedObservations => Cells.Sum(c => c.ExpectedObservations);

    /// <summary>Ground truth <c>total_obs</c> of one cell.</summary>
    public long ExpectedObservationsOf(long parentMorton) =>
        Cells.FirstOrDefault(c => c.ParentMorton == parentMorton)?.ExpectedObservations
        ?? throw new KeyNotFoundException($"Cell {parentMorton} is not in the demo catalog.");
}
