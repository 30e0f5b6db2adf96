using System.CommandLine;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Cli.Commands;

/// <summary>The flags of <c>submit</c>, named as the old tool's.</summary>
internal sealed class SubmitOptions
{
    public Option<string> Config { get; } = new("--config") { Description = "Pipeline config: a built-in name (atl06) or a magg YAML file", Required = true };

    public Option<string?> Catalog { get; } = new("--catalog") { Description = "Granule catalog JSON (default: the config's catalog)" };

    public Option<string?> Store { get; } = new("--store") { Description = "Output Zarr store: a folder or s3://bucket/prefix (default: the config's output.store)" };

    public Option<string> Backend { get; } = new("--backend") { Description = "Where cells run: local or lambda", DefaultValueFactory = _ => AggBackends.Local };

    public Option<string?> Driver { get; } = new("--driver") { Description = "Granule driver: s3 or https (default: the config's)" };

    public Option<int?> MaxCells { get; } = new("--max-cells") { Description = "Process only the first N cells in catalog order" };

    public Option<string?> MortonCell { get; } = new("--morton-cell") { Description = "Process only this parent cell (decimal morton, e.g. -4211322)" };

    public Option<int?> MaxWorkers { get; } = new("--max-workers") { Description = "Cells processed at once (default 4 local, 1700 lambda)" };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Recreate the store template" };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Show what would run and touch nothing" };

    public Option<string?> Region { get; } = new("--region") { Description = "AWS region of the store and of the Lambda function (the function's default: us-west-2)" };

    public Option<string?> FunctionName { get; } = new("--function-name")
    {
        Description = "Lambda function of the lambda backend (default: MAGG_LAMBDA_FUNCTION_NAME, else process-morton-cell)",
    };

    public Option<string> LambdaArchitecture { get; } = new("--lambda-architecture")
    {
        Description = "The function's architecture, for the cost: arm64 or x86_64", DefaultValueFactory = _ => LambdaPricing.Arm64,
    };

    public Option<double?> LambdaPrice { get; } = new("--lambda-price") { Description = "USD per GB-second (default: AWS's published price of the architecture)" };

    public Option<int> LambdaMemory { get; } = new("--lambda-memory") { Description = "The function's memory in MB, for the dry run's estimate", DefaultValueFactory = _ => 2048 };

    public Option<string?> Gateway { get; } = new("--gateway")
    {
        Description = "Gateway host:port of a running cluster, or several separated by commas (any may be down); default: start an embedded silo",
    };

    public Option<string> ClusterId { get; } = GatewayConnection.CreateClusterIdOption();

    public Option<int> ConnectTimeout { get; } = GatewayConnection.CreateConnectTimeoutOption();

    public Option<string?> RunId { get; } = new("--run-id") { Description = "Run id (default: a new one); an existing id reattaches to that run" };

    public Option<string?> StoreEndpoint { get; } = new("--store-endpoint") { Description = "Endpoint of an S3-compatible server for an s3:// store" };

    public Option<bool> StorePathStyle { get; } = new("--store-path-style") { Description = "Path-style S3 addressing for --store-endpoint" };

    public (Option<string?> Certificate, Option<string?> Key, Option<string?> Authority) Tls { get; } = GatewayConnection.CreateTlsOptions();

    public Option<string> Compression { get; } = new("--compression") { Description = "Chunk compression: none, zstd or gzip", DefaultValueFactory = _ => "none" };

    public void AddTo(Command command)
    {
        Option[] all = [Config, Catalog, Store, Backend, Driver, MaxCells, MortonCell, MaxWorkers, Overwrite, DryRun, Region, FunctionName,
            LambdaArchitecture, LambdaPrice, LambdaMemory, Gateway, ClusterId, ConnectTimeout, RunId, StoreEndpoint, StorePathStyle, Compression, Tls.Certificate, Tls.Key,
            Tls.Authority];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <exception cref="AggRequestException">--morton-cell is not a decimal morton index.</exception>
    public AggRequest ToRequest(ParseResult parse) => new()
    {
        Config = parse.GetRequiredValue(Config),
        Catalog = parse.GetValue(Catalog),
        Store = parse.GetValue(Store),
        Backend = parse.GetValue(Backend) ?? AggBackends.Local,
        Driver = parse.GetValue(Driver),
        MaxCells = parse.GetValue(MaxCells),
        MortonCell = parse.GetValue(MortonCell) is { } text ? ParseMorton(text) : null,
        MaxWorkers = parse.GetValue(MaxWorkers),
        Overwrite = parse.GetValue(Overwrite),
        DryRun = parse.GetValue(DryRun),
        Region = parse.GetValue(Region),
        FunctionName = parse.GetValue(FunctionName),
        LambdaArchitecture = parse.GetValue(LambdaArchitecture) ?? LambdaPricing.Arm64,
        LambdaPricePerGbSecond = parse.GetValue(LambdaPrice),
        LambdaMemoryMb = parse.GetValue(LambdaMemory),
        RunId = parse.GetValue(RunId),
        StoreServiceUrl = parse.GetValue(StoreEndpoint),
        StoreForcePathStyle = parse.GetValue(StorePathStyle),
        Compression = parse.GetValue(Compression) ?? "none",
    };

    private static long ParseMorton(string text)
    {
        try
        {
            return Morton.Parse(text);
        }
        catch (FormatException e)
        {
            throw new AggRequestException($"--morton-cell '{text}' is not a decimal morton index (e.g. -4211322).", e);
        }
    }
}
