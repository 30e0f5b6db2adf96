using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Storage.Granules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// Builds the silo's granule drivers (<see cref="GranuleDrivers"/>, as the Lambda function builds them) behind the silo's
/// <see cref="AccessPolicy"/>. The HTTP clients belong to the silo's services (<see cref="GranuleHttpClients"/>), which
/// dispose them when the silo stops.
/// </summary>
internal static class GranuleSources
{
    public static IGranuleSource Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GranuleDriverOptions>>().Value;
        return GranuleDrivers.Create(
            new GranuleDriverSettings(options.Region, options.S3ServiceUrl, options.S3ForcePathStyle, options.S3CredentialsEndpoint),
            services.GetRequiredService<AccessPolicy>(), services.GetRequiredService<GranuleHttpClients>(), services.GetRequiredService<LocalGranuleSource>(),
            services.GetRequiredService<TimeProvider>());
    }
}
