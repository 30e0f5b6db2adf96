using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Processing;

namespace Magg.Orleans.Grains.Services;

/// <summary>Compiles each distinct config once per silo (parsing, validation, expression compilation).</summary>
public sealed class PipelineCache
{
    private readonly ConcurrentDictionary<string, Lazy<CachedPipeline>> _pipelines = new(StringComparer.Ordinal);

    // The cells of a run share one config string instance (messages between grains of a silo are not copied): a
    // lookup by reference spares hashing the text for every cell.
    private readonly ConditionalWeakTable<string, CachedPipeline> _byInstance = [];

    /// <summary>The compiled pipeline of <paramref name="configYaml"/>.</summary>
    /// <exception cref="ConfigException">The config is invalid.</exception>
    public CachedPipeline Get(string configYaml)
    {
        ArgumentNullException.ThrowIfNull(configYaml);
        if (_byInstance.TryGetValue(configYaml, out var known))
        {
            return known;
        }

        var pipeline = GetByContent(configYaml);
        _byInstance.AddOrUpdate(configYaml, pipeline);
        return pipeline;
    }

    private CachedPipeline GetByContent(string configYaml)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configYaml)));
        var lazy = _pipelines.GetOrAdd(key, _ => new Lazy<CachedPipeline>(() => Compile(configYaml)));
        try
        {
            return lazy.Value;
        }
        catch (ConfigException)
        {
            _pipelines.TryRemove(key, out _);
            throw;
        }
    }

    private static CachedPipeline Compile(string configYaml)
    {
        var config = PipelineConfigLoader.Parse(configYaml, "run config");
        return new CachedPipeline(new CompiledPipeline(config), ConfigFingerprint.Compute(config));
    }
}

/// <summary>A compiled pipeline and the fingerprint of its config's meaning.</summary>
public sealed record CachedPipeline(CompiledPipeline Pipeline, string Fingerprint);
