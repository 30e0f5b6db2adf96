using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Grains.Services;

/// <summary>Builds the silo's granule drivers.</summary>
internal static class GranuleSources
{
    public static IGranuleSource Create(IServiceProvider services) => new GranuleSourceSet([new LocalGranuleSource()]);
}
