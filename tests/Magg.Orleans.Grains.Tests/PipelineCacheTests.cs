using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Services;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Tests;

/// <summary>The silo's compiled pipelines: least recently used first out, bounded by entries and by bytes.</summary>
public sealed class PipelineCacheTests
{
    private static readonly string Reference = File.ReadAllText(TestData.ReferenceConfig);

    private static string Variant(int n) => $"{Reference}# variant {n}\n";

    private static PipelineCache Cache(int maxEntries = 32, long maxBytes = 32L * 1024 * 1024, InputLimits? limits = null) =>
        new(Options.Create(new PipelineCacheOptions { MaxEntries = maxEntries, MaxBytes = maxBytes, CompiledOverheadBytes = 1000 }),
            Options.Create(limits ?? new InputLimits()));

    [Fact]
    public void Get_SameConfig_CompilesOnce()
    {
        var cache = Cache();

        Assert.Same(cache.Get(Reference), cache.Get(Reference));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task Get_SameConfigFromManyThreads_CompilesOnce()
    {
        var cache = Cache();
        using var start = new Barrier(8);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return cache.Get(Reference);
        }, TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void MaxEntries_DropsTheLeastRecentlyUsedConfig()
    {
        var cache = Cache(maxEntries: 2);
        var first = cache.Get(Variant(1));
        var second = cache.Get(Variant(2));
        cache.Get(Variant(1));   // the second is now the least recently used

        cache.Get(Variant(3));

        Assert.Equal(2, cache.Count);
        Assert.Same(first, cache.Get(Variant(1)));
        Assert.NotSame(second, cache.Get(Variant(2)));   // compiled again
    }

    [Fact]
    public void MaxBytes_DropsConfigsUntilTheNewOneFits()
    {
        var size = 2L * Variant(1).Length + 1000;
        var cache = Cache(maxBytes: 2 * size + 10);
        var first = cache.Get(Variant(1));
        cache.Get(Variant(2));

        cache.Get(Variant(3));

        Assert.Equal((2, 2 * size), (cache.Count, cache.Bytes));
        Assert.NotSame(first, cache.Get(Variant(1)));
    }

    [Fact]
    public void InvalidConfig_IsRefused_AndNotKept()
    {
        var cache = Cache();

        var error = Assert.Throws<ConfigException>(() => cache.Get(Reference.Replace("child_order: 12", "child_order: 30", StringComparison.Ordinal)));

        Assert.Equal("run config:73:18: output.grid.child_order: must be an integer from 0 to 18", error.Message);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void ConfigOverTheSilosSizeLimit_IsRefused()
    {
        var cache = Cache(limits: new InputLimits { MaxConfigBytes = 1000 });

        var error = Assert.Throws<ConfigException>(() => cache.Get(Reference));

        Assert.Equal($"run config: (size): is {Reference.Length:N0} bytes, over the 1,000-byte limit for configs (Magg:Limits:MaxConfigBytes)", error.Message);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void AddMagg_BindsTheLimitsAndCacheBoundsFromConfiguration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Magg:Limits:MaxConfigBytes"] = "1000",
            ["Magg:PipelineCache:MaxEntries"] = "3",
        });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMagg());
        using var host = builder.Build();

        var cache = host.Services.GetRequiredService<PipelineCache>();

        Assert.Equal(3, host.Services.GetRequiredService<IOptions<PipelineCacheOptions>>().Value.MaxEntries);
        var error = Assert.Throws<ConfigException>(() => cache.Get(Reference));
        Assert.Equal("(size)", error.Key);
    }
}
