namespace Magg.Orleans.Core.Granules;

/// <summary>Granules on the local file system (<c>file://</c> URIs, which catalog paths resolve to).</summary>
public sealed class LocalGranuleSource : IGranuleSource
{
    /// <inheritdoc />
    public bool CanOpen(Uri address) => address is { IsAbsoluteUri: true, IsFile: true };

    /// <inheritdoc />
    public ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var path = address.LocalPath;
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.RandomAccess);
            return ValueTask.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GranuleAccessException(GranuleErrorKind.NotFound, path, "file not found", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GranuleAccessException(GranuleErrorKind.AccessDenied, path, "permission denied", e);
        }
        catch (IOException e)
        {
            throw new GranuleAccessException(GranuleErrorKind.Transient, path, e.Message, e);
        }
    }
}
