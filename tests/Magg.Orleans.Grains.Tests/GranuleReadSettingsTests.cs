using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Tests;

/// <summary>The silo's granule read cache: one per silo, shared by the cell processor, sized from <c>Magg:GranuleRead</c>.</summary>
public sealed class GranuleReadSettingsTests
{
    [Fact]
    public void AddMagg_GranuleReadSection_SizesTheSilosCacheThatTheCellProcessorUses()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Magg:GranuleRead:CacheBytes"] = "1048576",
            ["Magg:GranuleRead:OpenGranules"] = "3",
        });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMagg());
        using var host = builder.Build();

        var cache = host.Services.GetRequiredService<GranuleReadCache>();

        Assert.Equal((1L << 20, 3), (cache.Options.CacheBytes, cache.Options.OpenGranules));
        Assert.Equal(1L << 20, cache.Chunks.CapacityBytes);
        Assert.Same(cache, host.Services.GetRequiredService<CellProcessor>().Cache);
    }

    [Fact]
    public void AddMagg_GranuleReadSettingOutOfRange_IsRefusedNamingTheSection()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Magg:GranuleRead:CacheBytes"] = "-1" });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMagg());
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<GranuleReadCache>());

        Assert.Contains("Magg:GranuleRead", error.Message, StringComparison.Ordinal);
    }
}
