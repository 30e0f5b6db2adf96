using Magg.Orleans.Core.Granules;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Storage.Granules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// Builds the silo's granule drivers: local files, S3 and HTTPS, as the Lambda function builds its remote ones
/// (<see cref="GranuleDrivers"/>). Secrets come from the environment only, are held in memory, and never reach grain
/// state or logs.
/// </summary>
internal static class GranuleSources
{
    public static IGranuleSource Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GranuleDriverOptions>>().Value;
        var settings = new GranuleDriverSettings(options.Region, options.S3ServiceUrl, options.S3ForcePathStyle, options.S3CredentialsEndpoint);
        return GranuleDrivers.Create(settings, services.GetRequiredService<TimeProvider>(), localFiles: services.GetRequiredService<LocalGranuleSource>());
    }
}
