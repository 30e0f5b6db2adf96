using System.Security.Cryptography;
using System.Text;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.Storage.Security;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Credentials;

/// <summary>
/// The granule drivers of runs that read with their client's Earthdata token, one set per run on each silo that processes
/// its cells: HTTPS with the token as bearer, S3 with NSIDC temporary credentials obtained with the token (renewed before
/// they expire), local files as usual. The token stays in this silo's memory, inside the drivers, while the run's cells use
/// them; drivers nobody has used for <see cref="IdleLifetime"/>, or whose token was replaced, are dropped once the last
/// cell reading with them is done.
/// </summary>
public sealed class ClientGranuleSources : IDisposable
{
    private readonly Dictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly IOptions<GranuleDriverOptions> _options;
    private readonly AccessPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    /// <summary>Creates the cache; it sweeps idle runs' drivers every minute. The drivers obey <paramref name="policy"/> as the silo's own do.</summary>
    public ClientGranuleSources(IOptions<GranuleDriverOptions> options, AccessPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        (_options, _policy, _time) = (options, policy, time);
        _sweeper = time.CreateTimer(_ => Sweep(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>How long a run's drivers (and token) stay in memory after their last use.</summary>
    public TimeSpan IdleLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs whose drivers this silo holds now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _runs.Count;
            }
        }
    }

    /// <summary>The drivers of run <paramref name="runId"/> reading with <paramref name="token"/>, until the lease is disposed.</summary>
    public Lease Acquire(string runId, SecretText token)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(token);
        var digest = Digest(token.Value);
        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var entry) || entry.Digest != digest)
            {
                if (entry is not null)
                {
                    Retire(runId, entry);
                }

                entry = new Entry(digest, Create(token.Value));
                _runs[runId] = entry;
            }

            entry.Users++;
            entry.LastUsed = _time.GetUtcNow();
            return new Lease(this, entry);
        }
    }

    /// <summary>Drops run <paramref name="runId"/>'s drivers and token (after the cells using them are done).</summary>
    public void Forget(string runId)
    {
        lock (_lock)
        {
            if (_runs.TryGetValue(runId, out var entry))
            {
                Retire(runId, entry);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sweeper.Dispose();
        lock (_lock)
        {
            foreach (var entry in _runs.Values)
            {
                entry.Source.Dispose();
            }

            _runs.Clear();
        }
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Users--;
            entry.LastUsed = _time.GetUtcNow();
            if (entry.Retired && entry.Users == 0)
            {
                entry.Source.Dispose();
            }
        }
    }

    private void Retire(string runId, Entry entry)
    {
        _runs.Remove(runId);
        entry.Retired = true;
        if (entry.Users == 0)
        {
            entry.Source.Dispose();
        }
    }

    private void Sweep()
    {
        var oldest = _time.GetUtcNow() - IdleLifetime;
        lock (_lock)
        {
            foreach (var (runId, entry) in _runs.Where(e => e.Value.Users == 0 && e.Value.LastUsed < oldest).ToArray())
            {
                Retire(runId, entry);
            }
        }
    }

    /// <summary>
    /// A run's drivers behind the silo's <see cref="AccessPolicy"/>, like the silo's own: only allowed granule sources are
    /// opened, the token goes as bearer only to Earthdata hosts over https (<see cref="GuardedHttp"/>), and NSIDC's
    /// credentials endpoint must be one too.
    /// </summary>
    private PolicyGranuleSource Create(string token)
    {
        var options = _options.Value;
        var endpoint = options.S3CredentialsEndpoint is { } url ? new Uri(url) : NsidcCredentialProvider.DefaultEndpoint;
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        var nsidc = new NsidcCredentialProvider(endpoint, _ => ValueTask.FromResult(token), http, _time);
        var mayBuyKeys = _policy.MaySendToken(endpoint);
        var s3 = new S3GranuleSource(mayBuyKeys ? nsidc.GetAsync : _ => throw new GranuleAccessException(GranuleErrorKind.AccessDenied, endpoint.GetLeftPart(UriPartial.Path),
            "Magg:Granules:S3CredentialsEndpoint would receive the Earthdata token; it must be https on an Earthdata host"), new S3GranuleSourceOptions
        {
            Region = options.Region,
            ServiceUrl = options.S3ServiceUrl,
            ForcePathStyle = options.S3ForcePathStyle,
        }, timeProvider: _time);
        var remote = new RemoteGranuleOptions();
        var guarded = GuardedHttp.CreateClient(_policy, () => token, remote.RequestTimeout);
        var https = new HttpsGranuleSource(_ => ValueTask.FromResult(""), remote, guarded);
        return new PolicyGranuleSource(new GranuleSourceSet([new LocalGranuleSource(), s3, https, new Owned(nsidc, http, guarded)]), _policy);
    }

    private static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A run's drivers, in use until disposed.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly ClientGranuleSources _owner;
        private readonly Entry _entry;
        private int _disposed;

        internal Lease(ClientGranuleSources owner, Entry entry) => (_owner, _entry) = (owner, entry);

        /// <summary>The drivers.</summary>
        public IGranuleSource Source => _entry.Source;

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _owner.Release(_entry);
            }
        }
    }

    internal sealed class Entry(string digest, PolicyGranuleSource source)
    {
        public string Digest { get; } = digest;

        public PolicyGranuleSource Source { get; } = source;

        public int Users { get; set; }

        public bool Retired { get; set; }

        public DateTimeOffset LastUsed { get; set; }
    }

    /// <summary>Opens nothing; disposes what the drivers share when the set is disposed.</summary>
    private sealed class Owned(params IDisposable[] owned) : IGranuleSource, IDisposable
    {
        public bool CanOpen(Uri address) => false;

        public ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Dispose()
        {
            foreach (var item in owned)
            {
                item.Dispose();
            }
        }
    }
}
