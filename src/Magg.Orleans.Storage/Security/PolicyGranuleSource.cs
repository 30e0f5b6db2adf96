using System.Net;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Storage.Security;

/// <summary>
/// Puts a silo's <see cref="AccessPolicy"/> in front of its granule drivers: every address is judged before anything
/// is opened, and a refused one fails as a <see cref="GranuleErrorKind.Refused"/> granule (counted, never retried).
/// Local paths are resolved through their symbolic links, must lie under an allowed folder and be regular files (a FIFO
/// or device would block or never end), and are opened at their resolved path; remote hosts must be allowlisted and
/// resolve to public addresses only. A granule's version (<see cref="IGranuleVersionSource"/>, by which readers keep
/// granules open between cells) is told only for an address the policy lets through, at its resolved path, so a granule
/// kept open for one run is never handed to a request the policy refuses.
/// </summary>
/// <param name="inner">The drivers that open what the policy lets through.</param>
/// <param name="policy">The silo's policy.</param>
/// <param name="resolve">Resolves host names (default: DNS).</param>
public sealed class PolicyGranuleSource(IGranuleSource inner, AccessPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    : IGranuleSource, IGranuleVersionSource, IDisposable
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <inheritdoc />
    public bool CanOpen(Uri address) => true;

    /// <inheritdoc />
    public async ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var allowed = await CheckAsync(address, cancellationToken).ConfigureAwait(false);
        return await inner.OpenAsync(allowed, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool TryGetVersion(Uri address, out GranuleKey key)
    {
        ArgumentNullException.ThrowIfNull(address);
        key = default;
        if (address is not { IsAbsoluteUri: true, IsFile: true } || inner is not IGranuleVersionSource versions
            || (policy.CheckLocalGranule(address.LocalPath, out var resolved) ?? LocalFiles.NotRegular(resolved)) is not null)
        {
            // Remote granules have no cheap version; a refused one fails when it is opened.
            return false;
        }

        // The version of the file the links lead to, under the name the granule is read by (as when it is opened).
        var known = versions.TryGetVersion(new Uri(resolved), out var version);
        key = version with { Granule = GranuleNames.Display(address) };
        return known;
    }

    /// <summary>The address to open for <paramref name="address"/> (a local path with its links resolved).</summary>
    /// <exception cref="GranuleAccessException">Of kind <see cref="GranuleErrorKind.Refused"/>, saying why.</exception>
    public async ValueTask<Uri> CheckAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address is { IsAbsoluteUri: true, IsFile: true })
        {
            var refusal = policy.CheckLocalGranule(address.LocalPath, out var resolved) ?? LocalFiles.NotRegular(resolved);
            return refusal is null ? new Uri(resolved) : throw Refused(address, refusal);
        }

        var remote = policy.CheckRemoteGranule(address);
        if (remote is null && address.Scheme is "https" or "http" && !IPAddress.TryParse(address.Host.Trim('[', ']'), out _))
        {
            IPAddress[] addresses;
            try
            {
                addresses = await _resolve(address.DnsSafeHost, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new GranuleAccessException(GranuleErrorKind.Transient, GranuleNames.Display(address), $"host {address.DnsSafeHost} does not resolve: {e.Message}", e);
            }

            remote = AccessPolicy.CheckAddress(AllowedPrefix.HostName(address), addresses);
        }

        return remote is null ? address : throw Refused(address, remote);
    }

    /// <summary>Disposes the inner drivers.</summary>
    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>The exception of a refused granule.</summary>
    public static GranuleAccessException Refused(Uri address, string reason) =>
        new(GranuleErrorKind.Refused, GranuleNames.Display(address), "refused by the silo's access policy: " + reason);
}
