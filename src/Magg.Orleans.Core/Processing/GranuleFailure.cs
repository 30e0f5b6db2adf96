using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Core.Processing;

/// <summary>One granule, or one group of a granule, that could not be read.</summary>
/// <param name="Granule">The granule as listed in the catalog.</param>
/// <param name="Group">The group (beam), or null when the whole granule failed.</param>
/// <param name="Kind">What went wrong, so callers can tell expired credentials from missing data.</param>
/// <param name="Reason">A readable explanation.</param>
public sealed record GranuleFailure(string Granule, string? Group, GranuleErrorKind Kind, string Reason);
