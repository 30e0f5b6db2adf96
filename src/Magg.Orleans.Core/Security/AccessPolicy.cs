using System.Net;

namespace Magg.Orleans.Core.Security;

/// <summary>
/// A silo's decisions about what a run may touch (<see cref="AccessOptions"/>): which granule addresses may be opened,
/// which stores written, and which hosts may receive the Earthdata token. Every refusal is a sentence that names the
/// address and the setting that would allow it. Thread-safe; the embedded silo adds what its own client names
/// (<see cref="Grant"/>).
/// </summary>
public sealed class AccessPolicy
{
    private static readonly string[] EarthdataDomains = ["earthdata.nasa.gov", "earthdatacloud.nasa.gov"];
    private readonly Lock _lock = new();
    private readonly HashSet<string> _tokenHosts;
    private List<AllowedPrefix> _granules;
    private List<AllowedPrefix> _stores;

    /// <summary>Builds the policy.</summary>
    /// <exception cref="FormatException">An allowlist entry is malformed; the message names it.</exception>
    public AccessPolicy(AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _granules = [.. (options.NsidcDefaults ? AccessOptions.NsidcGranuleSources : []).Concat(options.AllowGranules).Select(AllowedPrefix.Parse)];
        _stores = [.. options.AllowStores.Select(AllowedPrefix.Parse)];
        if (!options.LocalStores && _stores.FirstOrDefault(s => s.Scheme == "file") is { } folder)
        {
            throw new FormatException($"'{folder.Text}' is a local folder: only the embedded silo writes local stores; a cluster writes its stores to s3://");
        }

        _tokenHosts = new HashSet<string>(options.EarthdataHosts.Select(h => h.Trim().TrimEnd('.').ToLowerInvariant()), StringComparer.Ordinal);
    }

    /// <summary>The settings the policy was built from.</summary>
    public AccessOptions Options { get; }

    /// <summary>The granule sources allowed now.</summary>
    public IReadOnlyList<AllowedPrefix> GranuleSources
    {
        get
        {
            lock (_lock)
            {
                return [.. _granules];
            }
        }
    }

    /// <summary>The stores allowed now.</summary>
    public IReadOnlyList<AllowedPrefix> Stores
    {
        get
        {
            lock (_lock)
            {
                return [.. _stores];
            }
        }
    }

    /// <summary>Allows more granule sources and stores (the embedded silo: a run's catalog folder, its bucket and its store).</summary>
    /// <exception cref="FormatException">An entry is malformed.</exception>
    public void Grant(IEnumerable<string> granuleSources, IEnumerable<string> stores)
    {
        ArgumentNullException.ThrowIfNull(granuleSources);
        ArgumentNullException.ThrowIfNull(stores);
        var granules = granuleSources.Select(AllowedPrefix.Parse).ToArray();
        var storeEntries = stores.Select(AllowedPrefix.Parse).ToArray();
        lock (_lock)
        {
            _granules = [.. _granules.Concat(granules).DistinctBy(p => (p.Scheme, p.Host, p.Port, p.Path))];
            _stores = [.. _stores.Concat(storeEntries).DistinctBy(p => (p.Scheme, p.Host, p.Port, p.Path))];
        }
    }

    /// <summary>
    /// Why the remote granule <paramref name="address"/> (<c>s3://</c>, <c>https://</c>) may not be opened, judged from the
    /// address alone (scheme, allowlist, a literal IP); null when it may (a host name must then still resolve to public
    /// addresses only: <see cref="CheckAddress"/>). Local addresses go to <see cref="CheckLocalGranule"/>.
    /// </summary>
    public string? CheckRemoteGranule(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri)
        {
            return "not an absolute address";
        }

        if (address.UserInfo.Length > 0)
        {
            return "the address carries user info (credentials); catalog entries must not";
        }

        if (address.Query.Length > 0)
        {
            return "the address carries a query string (a pre-signed URL?); catalog entries must not carry credentials";
        }

        var loopbackForTests = Options.AllowLoopbackForTests && IPAddress.TryParse(address.Host.Trim('[', ']'), out var literal) && AddressRules.IsLoopback(literal);
        switch (address.Scheme)
        {
            case "s3":
                if (AllowedPrefix.HasDotSegment(address.OriginalString) || AllowedPrefix.HasDotSegment(Uri.UnescapeDataString(address.AbsolutePath)))
                {
                    return "the key has a '.' or '..' segment";
                }

                return Matches("s3", address.Host.ToLowerInvariant(), 0, address.AbsolutePath) ? null
                    : $"bucket {address.Host} (or this key prefix) is not an allowed granule source ({Allowed("s3")}; add one with --allow-granules)";
            case "http" when !loopbackForTests:
                return "plain http is refused (the token and the data would travel in clear); use https";
            case "http" or "https":
                if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && AddressRules.Refusal(ip, Options.AllowLoopbackForTests) is { } refusal)
                {
                    return refusal;
                }

                if (AllowedPrefix.HasDotSegment(Uri.UnescapeDataString(address.AbsolutePath)))
                {
                    // Uri removes plain dot segments; these were escaped (%2e%2e), and a server may still unescape them.
                    return "the path has an escaped '.' or '..' segment";
                }

                return loopbackForTests || Matches("https", AllowedPrefix.HostName(address), address.Port, address.AbsolutePath) ? null
                    : $"host {AllowedPrefix.HostName(address)} (or this path) is not an allowed granule source ({Allowed("https")}; add one with --allow-granules)";
            default:
                return $"'{address.Scheme}' addresses are not granule sources (use s3://, https:// or a local path)";
        }
    }

    /// <summary>Why a granule host that resolved to <paramref name="addresses"/> may not be connected to; null when every address is public.</summary>
    public static string? CheckAddress(string host, IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var address in addresses)
        {
            if (AddressRules.KindOf(address) is { } kind)
            {
                return $"host {host} resolves to {address}, {kind}";
            }
        }

        return null;
    }

    /// <summary>
    /// Why the local granule <paramref name="path"/> may not be read, or null; <paramref name="resolved"/> is its path
    /// with symbolic links resolved, which is what must be opened.
    /// </summary>
    public string? CheckLocalGranule(string path, out string resolved)
    {
        ArgumentNullException.ThrowIfNull(path);
        resolved = path;
        if (!Path.IsPathFullyQualified(path))
        {
            return "not an absolute path";
        }

        resolved = RealPath.Resolve(path);
        var real = resolved;
        return GranuleSources.Any(p => p.ContainsPath(real)) ? null
            : $"the file is outside the allowed granule folders ({Allowed("file")}; add one with --allow-granules)";
    }

    /// <summary>Why a run may not write the store at <paramref name="location"/> (with S3 endpoint <paramref name="serviceUrl"/>), or null.</summary>
    public string? CheckStore(string location, string? serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (serviceUrl is not null && !Options.ClientStoreEndpoints)
        {
            return "a run may not choose its store's S3 endpoint (--store-endpoint): a cluster's endpoint is silo configuration (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)";
        }

        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = location[5..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var (bucket, key) = slash < 0 ? (rest, "/") : (rest[..slash], rest[slash..].TrimEnd('/') + "/");
            if (bucket.Length == 0 || AllowedPrefix.HasDotSegment(key) || key.Contains("//", StringComparison.Ordinal))
            {
                return "not an s3://bucket/prefix store without '.', '..' or empty segments";
            }

            return Stores.Any(p => p.ContainsObject("s3", bucket.ToLowerInvariant(), 0, key))
                ? null
                : $"the store is not under an allowed store prefix ({Allowed(Stores, "s3")}; add one with --allow-stores)";
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            return "not a local folder or s3:// store";
        }

        if (!Options.LocalStores)
        {
            return "local folder stores are written only by the embedded silo of submit and demo; a cluster needs an s3:// store";
        }

        if (!Path.IsPathFullyQualified(location) || AllowedPrefix.HasDotSegment(location.Replace('\\', '/')))
        {
            return "not an absolute folder without '.' or '..' segments";
        }

        var real = RealPath.Resolve(location);
        return Stores.Any(p => p.Scheme == "file" && (p.Path == real || p.ContainsPath(real))) ? null
            : $"the folder is outside the allowed store folders ({Allowed(Stores, "file")})";
    }

    /// <summary>True when the Earthdata token may go to <paramref name="url"/>: https to an Earthdata host (or a configured one).</summary>
    public bool MaySendToken(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps || url.UserInfo.Length > 0)
        {
            return false;
        }

        var host = AllowedPrefix.HostName(url);
        return _tokenHosts.Contains(host) || EarthdataDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));
    }

    private bool Matches(string scheme, string host, int port, string path) => GranuleSources.Any(p => p.ContainsObject(scheme, host, port, path));

    private string Allowed(string scheme) => Allowed(GranuleSources, scheme);

    private static string Allowed(IEnumerable<AllowedPrefix> entries, string scheme)
    {
        var list = entries.Where(e => e.Scheme == scheme).Select(e => e.Text).ToArray();
        return list.Length == 0 ? "none are allowed on this silo" : "allowed: " + string.Join(", ", list);
    }
}
