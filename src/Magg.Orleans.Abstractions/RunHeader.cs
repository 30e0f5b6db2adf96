namespace Magg.Orleans;

/// <summary>Everything about a run except its cells, which arrive in batches (<see cref="BatchPlan"/>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="ConfigYaml">The pipeline config as YAML text.</param>
/// <param name="Store">The output store.</param>
/// <param name="Driver">Granule driver: <c>s3</c> or <c>https</c>.</param>
/// <param name="Backend">Where cell work runs: <c>local</c> (this cluster) or <c>lambda</c>.</param>
/// <param name="Overwrite">Recreate the store template even if a compatible one exists.</param>
/// <param name="MaxWorkers">At most this many cells are processed at once.</param>
/// <param name="ParentOrder">HEALPix order of the catalog's parent cells.</param>
/// <param name="TotalCatalogCells">Cells in the full catalog: the store holds this many chunks.</param>
/// <param name="SelectedCells">Cells this run processes.</param>
/// <param name="BatchCount">Number of batches the cells are split into.</param>
/// <param name="CatalogDigest">Hash of the catalog's cell list (parent mortons in catalog order): part of the store template's
/// identity, so a different catalog with the same cell count never reuses a template.</param>
/// <param name="Origin">How the run was asked for (its report shows it); null for runs planned without it.</param>
/// <param name="ClientCredentials">The run reads granules with Earthdata credentials its client supplied (kept in silo memory only,
/// see <see cref="IRunCredentialsGrain"/>), not the silo's own.</param>
/// <param name="Lambda">The function a lambda-backend run invokes (null for the local backend).</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.RunHeader")]
public sealed record RunHeader(
    string RunId,
    string ConfigYaml,
    StoreSpec Store,
    string Driver,
    string Backend,
    bool Overwrite,
    int MaxWorkers,
    int ParentOrder,
    int TotalCatalogCells,
    int SelectedCells,
    int BatchCount,
    string CatalogDigest = "",
    LambdaTarget? Lambda = null,
    RunOrigin? Origin = null,
    bool ClientCredentials = false);
