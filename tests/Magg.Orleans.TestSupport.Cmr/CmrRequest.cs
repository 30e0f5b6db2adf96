namespace Magg.Orleans.TestSupport.Cmr;

/// <summary>A request the <see cref="FakeCmrServer"/> received.</summary>
/// <param name="QueryString">The raw query string.</param>
/// <param name="Query">Its parameters.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Accept">The Accept header.</param>
/// <param name="SearchAfter">The CMR-Search-After header, if any.</param>
public sealed record CmrRequest(string QueryString, IReadOnlyDictionary<string, string> Query, string? Authorization, string? Accept, string? SearchAfter);
