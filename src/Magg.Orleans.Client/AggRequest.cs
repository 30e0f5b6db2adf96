namespace Magg.Orleans.Client;

/// <summary>
/// The arguments of one <c>agg()</c> call, with magg's names and defaults. Only <see cref="Config"/> is required;
/// the catalog and store fall back to the config's <c>catalog</c> and <c>output.store</c>.
/// </summary>
public sealed record AggRequest
{
    /// <summary>A built-in config name (e.g. <c>atl06</c>) or the path of a magg YAML config.</summary>
    public required string Config { get; init; }

    /// <summary>Catalog JSON path (default: the config's <c>catalog</c>).</summary>
    public string? Catalog { get; init; }

    /// <summary>Output store: a folder or <c>s3://bucket/prefix</c> (default: the config's <c>output.store</c>).</summary>
    public string? Store { get; init; }

    /// <summary><c>local</c> (the cluster runs the cells) or <c>lambda</c>.</summary>
    public string Backend { get; init; } = AggBackends.Local;

    /// <summary><c>s3</c> or <c>https</c> (default: the config's <c>data_source.driver</c>).</summary>
    public string? Driver { get; init; }

    /// <summary>Process only the first N cells in catalog order.</summary>
    public int? MaxCells { get; init; }

    /// <summary>Process only this parent cell (decimal morton, e.g. <c>-4211322</c>).</summary>
    public long? MortonCell { get; init; }

    /// <summary>At most this many cells at once (default 4 local, 1700 lambda; capped to the cell count).</summary>
    public int? MaxWorkers { get; init; }

    /// <summary>Recreate the store template even when a compatible one exists.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Plan only: report what would run and touch nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Lambda function that runs cell work (lambda backend); null: <c>MAGG_LAMBDA_FUNCTION_NAME</c>, else <c>process-morton-cell</c>.</summary>
    public string? FunctionName { get; init; }

    /// <summary>AWS region of the store and the Lambda function (the function's default: <c>us-west-2</c>).</summary>
    public string? Region { get; init; }

    /// <summary>The function's architecture, <c>arm64</c> (default, as deployed) or <c>x86_64</c>: which price the cost is reckoned at.</summary>
    public string LambdaArchitecture { get; init; } = LambdaPricing.Arm64;

    /// <summary>USD per GB-second (default: AWS's published price for <see cref="LambdaArchitecture"/>).</summary>
    public double? LambdaPricePerGbSecond { get; init; }

    /// <summary>The function's memory in MB, for a dry run's estimate (default 2048, as deployed; a run is billed at the memory the REPORT lines give).</summary>
    public int LambdaMemoryMb { get; init; } = 2048;

    /// <summary>Endpoint of an S3-compatible server for an <c>s3://</c> store (null: AWS).</summary>
    public string? StoreServiceUrl { get; init; }

    /// <summary>Path-style addressing for <see cref="StoreServiceUrl"/>.</summary>
    public bool StoreForcePathStyle { get; init; }

    /// <summary>Chunk compression: <c>none</c> (default, as magg), <c>zstd</c> or <c>gzip</c>.</summary>
    public string Compression { get; init; } = "none";

    /// <summary>Run id (default: a new one). Submitting the same id again reattaches to that run.</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// The user's own Earthdata Login token: the run reads its granules with it (https bearer, or NSIDC S3 credentials
    /// obtained with it) instead of the cluster's credentials. The cluster keeps it in memory only, for this run only;
    /// if the silo holding it is lost the run waits in <see cref="RunStatus.NeedsCredentials"/> until
    /// <see cref="MaggClient.SupplyCredentialsAsync"/> gives it again.
    /// </summary>
    public SecretText? EarthdataToken { get; init; }
}
