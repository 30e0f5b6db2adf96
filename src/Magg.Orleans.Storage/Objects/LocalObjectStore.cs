namespace Magg.Orleans.Storage.Objects;

/// <summary>
/// Objects as files under a root folder (key <c>a/b/c</c> is <c>root/a/b/c</c>). A write goes to a temporary file
/// in the same folder, is flushed to disk (fsync) and then moved over the target, so a reader sees the old or the new
/// object, never a torn one, and a crash never leaves a renamed but empty file.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    private const string TempSuffix = ".partial";
    private readonly TimeProvider _time;

    /// <summary>Opens (and creates when missing) the store rooted at <paramref name="rootFolder"/>.</summary>
    public LocalObjectStore(string rootFolder, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        _time = timeProvider ?? TimeProvider.System;
        RootFolder = Path.GetFullPath(rootFolder);
        Directory.CreateDirectory(RootFolder);
    }

    /// <summary>The absolute root folder.</summary>
    public string RootFolder { get; }

    /// <inheritdoc />
    public string Location => RootFolder;

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            // Misses are common (stamps of cells never written): a stat is far cheaper than a thrown exception.
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var temp = await WriteTemporaryAsync(path, data, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var temp = await WriteTemporaryAsync(path, data, cancellationToken).ConfigureAwait(false);
        try
        {
            // Without overwrite the move is a link(2): it fails, atomically, when the target exists.
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IAsyncDisposable> LockAsync(string key, string owner, StoreLockOptions options, CancellationToken cancellationToken = default) =>
        LocalStoreLock.AcquireAsync(PathOf(key), owner, options, _time, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectKeys.ValidatePrefix(prefix);
        return Keys(prefix, cancellationToken).ToAsyncEnumerable();
    }

    /// <inheritdoc />
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ObjectKeys.ValidatePrefix(prefix);
        if (prefix.Length == 0 || prefix.EndsWith('/'))
        {
            // A whole folder: remove it in one go (temporary files of interrupted writes included).
            var folder = prefix.Length == 0 ? RootFolder : Path.Combine(RootFolder, prefix[..^1]);
            if (prefix.Length == 0)
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(RootFolder))
                {
                    DeleteEntry(entry);
                }
            }
            else if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            return;
        }

        await foreach (var key in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(PathOf(key));
        }
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private static async Task<string> WriteTemporaryAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private IEnumerable<string> Keys(string prefix, CancellationToken cancellationToken)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? RootFolder : Path.Combine(RootFolder, prefix[..slash]);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => !IsTemporary(file))
            .Select(file => Path.GetRelativePath(RootFolder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(key =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return key;
            });
    }

    private string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(RootFolder, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static bool IsTemporary(string file) => Path.GetFileName(file) is var name && name.StartsWith('.') && name.EndsWith(TempSuffix, StringComparison.Ordinal);

    private static void DeleteEntry(string entry)
    {
        if (Directory.Exists(entry))
        {
            Directory.Delete(entry, recursive: true);
        }
        else
        {
            File.Delete(entry);
        }
    }
}
