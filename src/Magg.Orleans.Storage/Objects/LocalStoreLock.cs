using System.Globalization;

namespace Magg.Orleans.Storage.Objects;

/// <summary>
/// A lock file held open exclusively (on Unix .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/>),
/// so it is released when its holder closes it or dies. The lock file itself is never deleted: a waiter that opened
/// it must contend for the same file. Who holds it is written next to it, for messages.
/// </summary>
internal sealed class LocalStoreLock : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly string _holderPath;

    private LocalStoreLock(FileStream stream, string holderPath)
    {
        _stream = stream;
        _holderPath = holderPath;
    }

    public static async Task<IAsyncDisposable> AcquireAsync(string path, string owner, StoreLockOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var holderPath = path + ".holder";
        var started = time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryOpen(path) is { } stream)
            {
                await File.WriteAllTextAsync(holderPath,
                    string.Create(CultureInfo.InvariantCulture, $"{owner} since {time.GetUtcNow():O}"), cancellationToken).ConfigureAwait(false);
                return new LocalStoreLock(stream, holderPath);
            }

            if (time.GetElapsedTime(started) >= options.Wait)
            {
                throw new StoreBusyException($"The store lock {path} is held by {Holder(holderPath)}; gave up after waiting {options.Wait.TotalSeconds:F0} s.");
            }

            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(_holderPath);
        }
        finally
        {
            _stream.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    private static string Holder(string holderPath)
    {
        try
        {
            return File.ReadAllText(holderPath);
        }
        catch (IOException)
        {
            return "another process";
        }
    }
}
