namespace Magg.Orleans.Catalog.Cmr;

/// <summary>One page of search results.</summary>
/// <param name="Number">1 for the first page.</param>
/// <param name="Hits">CMR's <c>CMR-Hits</c>: how many granules match in all.</param>
/// <param name="Granules">The granules of this page, in CMR's order.</param>
public sealed record CmrPage(int Number, int Hits, IReadOnlyList<CmrGranule> Granules);
