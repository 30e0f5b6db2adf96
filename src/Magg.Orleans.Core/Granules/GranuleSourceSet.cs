namespace Magg.Orleans.Core.Granules;

/// <summary>Several granule sources behind one: each address goes to the first source that can open it.</summary>
public sealed class GranuleSourceSet(IEnumerable<IGranuleSource> sources) : IGranuleSource, IGranuleVersionSource, IDisposable
{
    private readonly IGranuleSource[] _sources = sources.ToArray();

    /// <inheritdoc />
    public bool CanOpen(Uri address) => _sources.Any(s => s.CanOpen(address));

    /// <inheritdoc />
    public ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var source = _sources.FirstOrDefault(s => s.CanOpen(address))
            ?? throw new GranuleAccessException(GranuleErrorKind.BadRequest, GranuleNames.Display(address),
                $"no granule driver for '{address.Scheme}' addresses is configured");
        return source.OpenAsync(address, cancellationToken);
    }

    /// <inheritdoc />
    public bool TryGetVersion(Uri address, out GranuleKey key)
    {
        key = default;
        return _sources.FirstOrDefault(s => s.CanOpen(address)) is IGranuleVersionSource versions && versions.TryGetVersion(address, out key);
    }

    /// <summary>Disposes the sources that hold connections.</summary>
    public void Dispose()
    {
        foreach (var source in _sources.OfType<IDisposable>())
        {
            source.Dispose();
        }
    }
}
