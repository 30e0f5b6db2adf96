namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Identifies one version of a granule in the per-silo caches: its address, its byte length and, where the source
/// knows it, a version stamp (a local file's last write time), so a replaced file is not mistaken for the old one.
/// </summary>
/// <param name="Granule">The granule's display address.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Version">The source's version stamp, or null when it has none.</param>
public readonly record struct GranuleKey(string Granule, long Length, string? Version);
