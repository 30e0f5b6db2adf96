using System.IO.MemoryMappedFiles;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Granules on the local file system (<c>file://</c> URIs, which catalog paths resolve to), read through a buffered
/// block stream or a memory map (<see cref="LocalReadMode"/>). Never a bare <see cref="FileStream"/>: PureHDF reads
/// those with one <c>pread</c> per field of every header, key and node it decodes.
/// </summary>
/// <param name="mode">How files are read.</param>
public sealed class LocalGranuleSource(LocalReadMode mode = LocalReadMode.Buffered) : IGranuleSource, IGranuleVersionSource
{
    private long _readCalls;

    /// <summary>How files are read.</summary>
    public LocalReadMode Mode => mode;

    /// <summary>Read calls made on granule files so far (zero when memory-mapped).</summary>
    public long ReadCalls => Interlocked.Read(ref _readCalls);

    /// <inheritdoc />
    public bool CanOpen(Uri address) => address is { IsAbsoluteUri: true, IsFile: true };

    /// <inheritdoc />
    public ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var path = address.LocalPath;
        try
        {
            Stream stream = mode == LocalReadMode.MemoryMapped ? OpenMapped(path) : LocalGranuleStream.Open(path, this);
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

    /// <inheritdoc />
    public bool TryGetVersion(Uri address, out GranuleKey key)
    {
        ArgumentNullException.ThrowIfNull(address);
        key = default;
        if (!CanOpen(address))
        {
            return false;
        }

        var file = new FileInfo(address.LocalPath);
        if (!file.Exists)
        {
            return false;
        }

        key = new GranuleKey(address.LocalPath, file.Length, Version(file.LastWriteTimeUtc));
        return true;
    }

    internal static string Version(DateTime lastWriteUtc) => lastWriteUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void CountRead() => Interlocked.Increment(ref _readCalls);

    private static Stream OpenMapped(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        var length = file.Length;
        var version = Version(File.GetLastWriteTimeUtc(file.SafeFileHandle));
        if (length == 0)
        {
            // An empty file cannot be mapped; it is no HDF5 file either, which the reader reports.
            return new MemoryStream([], writable: false);
        }

        var map = MemoryMappedFile.CreateFromFile(file, mapName: null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        try
        {
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MappedGranuleStream(map, view, length, version);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }
}
