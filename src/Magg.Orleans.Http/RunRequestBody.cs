using System.Text.Json;

namespace Magg.Orleans.Http;

/// <summary>
/// The body of <c>POST /v1/runs</c>: agg()'s options with the Python API's names. The Earthdata token of a run that reads
/// with its user's credentials travels in the <c>X-Earthdata-Token</c> header, never here.
/// </summary>
public sealed class RunRequestBody
{
    /// <summary>A built-in config name (<c>atl06</c>) or the YAML text of a magg config.</summary>
    public string? Config { get; set; }

    /// <summary>The catalog: a path on the server (under its allowed folders), or the catalog JSON object itself; null: the config's <c>catalog</c>.</summary>
    public JsonElement? Catalog { get; set; }

    /// <summary>The output store: <c>s3://bucket/prefix</c>, or a folder on the server (under its allowed folders); null: the config's <c>output.store</c>.</summary>
    public string? Store { get; set; }

    /// <summary><c>local</c> (default) or <c>lambda</c>.</summary>
    public string? Backend { get; set; }

    /// <summary><c>s3</c> or <c>https</c> (default: the config's).</summary>
    public string? Driver { get; set; }

    /// <summary>Only the first N cells in catalog order.</summary>
    public int? MaxCells { get; set; }

    /// <summary>Only this parent cell: a decimal morton as a number or a string.</summary>
    public JsonElement? MortonCell { get; set; }

    /// <summary>Cells processed at once.</summary>
    public int? MaxWorkers { get; set; }

    /// <summary>Recreate the store template.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Plan only: answer 200 with what would run, touching nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>Lambda function of the lambda backend.</summary>
    public string? FunctionName { get; set; }

    /// <summary>AWS region of the store.</summary>
    public string? Region { get; set; }

    /// <summary>Run id (default: a new one); the id of a run that exists reattaches to it when the request is the same.</summary>
    public string? RunId { get; set; }

    /// <summary>Chunk compression: <c>none</c> (default), <c>zstd</c> or <c>gzip</c>.</summary>
    public string? Compression { get; set; }
}
