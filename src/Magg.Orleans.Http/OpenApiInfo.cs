using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Magg.Orleans.Http;

/// <summary>Titles the OpenAPI document and declares the bearer scheme.</summary>
internal sealed class OpenApiInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new Microsoft.OpenApi.OpenApiInfo
        {
            Title = "Magg.Orleans",
            Version = "v1",
            Description = "agg() over HTTP: submit aggregation runs of ICESat-2 granules onto HEALPix grids, watch them, read their summaries and reports. "
                + "Requests carry 'Authorization: Bearer TOKEN' when the server has a token; a run that reads with its user's own Earthdata token sends it in the X-Earthdata-Token header.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The token the server was started with (--token-file or MAGG_HTTP_TOKEN)",
        };
        return Task.CompletedTask;
    }
}
