using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Magg.Orleans.Core.Caching;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// Compiles each distinct config once per silo (parsing within the silo's <see cref="InputLimits"/>, validation,
/// expression compilation) and keeps the most recently used ones, bounded by entries and bytes
/// (<see cref="PipelineCacheOptions"/>). A config that does not compile is not kept.
/// </summary>
public sealed class PipelineCache(IOptions<PipelineCacheOptions> options, IOptions<InputLimits> limits)
{
    private readonly LruCache<string, Lazy<CachedPipeline>> _pipelines = new(options.Value.MaxEntries, options.Value.MaxBytes);

    /// <summary>Configs held now.</summary>
    public int Count => _pipelines.Count;

    /// <summary>Estimated bytes held now.</summary>
    public long Bytes => _pipelines.Bytes;

    // The cells of a run share one config string instance (messages between grains of a silo are not copied): a
    // lookup by reference spares hashing the text for every cell.
    private readonly ConditionalWeakTable<string, CachedPipeline> _byInstance = [];

    /// <summary>The compiled pipeline of <paramref name="configYaml"/>.</summary>
    /// <exception cref="ConfigException">The config is invalid or over the silo's limits.</exception>
    public CachedPipeline Get(string configYaml)
    {
        ArgumentNullException.ThrowIfNull(configYaml);
        return _byInstance.GetValue(configYaml, GetByContent);
    }

    private CachedPipeline GetByContent(string configYaml)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configYaml)));
        var size = 2L * configYaml.Length + options.Value.CompiledOverheadBytes;
        var lazy = _pipelines.GetOrAdd(key, _ => new Lazy<CachedPipeline>(() => Compile(configYaml)), size);
        try
        {
            return lazy.Value;
        }
        catch (ConfigException)
        {
            _pipelines.Remove(key, lazy);
            throw;
        }
    }

    private CachedPipeline Compile(string configYaml)
    {
        var config = PipelineConfigLoader.Parse(configYaml, "run config", limits.Value);
        return new CachedPipeline(new CompiledPipeline(config), ConfigFingerprint.Compute(config));
    }
}

/// <summary>A compiled pipeline and the fingerprint of its config's meaning.</summary>
public sealed record CachedPipeline(CompiledPipeline Pipeline, string Fingerprint);
