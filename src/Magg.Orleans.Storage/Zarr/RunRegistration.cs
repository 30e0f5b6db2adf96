namespace Magg.Orleans.Storage.Zarr;

/// <summary>A run writing into a store (<c>_magg/active/&lt;run id&gt;.json</c>), renewed while it runs.</summary>
/// <param name="RunId">The run.</param>
/// <param name="TemplateId">The template it writes into.</param>
/// <param name="ExpiresAt">After this, the run is presumed gone.</param>
public sealed record RunRegistration(string RunId, string TemplateId, DateTimeOffset ExpiresAt);
