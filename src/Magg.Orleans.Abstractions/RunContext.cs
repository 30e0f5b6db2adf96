namespace Magg.Orleans;

/// <summary>What every cell of a run shares: the config, the store and the granule driver.</summary>
/// <param name="RunId">The run.</param>
/// <param name="ConfigYaml">The pipeline config as YAML text (magg format).</param>
/// <param name="Store">The output store.</param>
/// <param name="Driver">Granule driver: <c>s3</c> or <c>https</c>.</param>
/// <param name="ParentOrder">HEALPix order of the parent cells: a chunk holds 4^(child order - parent order) children.</param>
/// <param name="TotalCatalogCells">Cells in the full catalog: the store holds this many chunks.</param>
/// <param name="TemplateId">Id of the store template the run writes into (empty until the run has prepared the store);
/// part of every cell's fingerprint, so a recreated store is rewritten.</param>
/// <param name="CatalogDigest">Hash of the catalog's cell list (see <see cref="RunHeader.CatalogDigest"/>).</param>
/// <param name="ClientCredentials">Cells read with the credentials the run's client supplied (<see cref="IRunCredentialsGrain"/>).</param>
/// <param name="Backend">Where cells run: <c>local</c> (the cell grains) or <c>lambda</c> (the function in <paramref name="Lambda"/>).</param>
/// <param name="Lambda">The function a lambda-backend run invokes.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.RunContext")]
public sealed record RunContext(string RunId, string ConfigYaml, StoreSpec Store, string Driver, int ParentOrder, int TotalCatalogCells, string TemplateId = "",
    string CatalogDigest = "", string Backend = "local", LambdaTarget? Lambda = null, bool ClientCredentials = false);
