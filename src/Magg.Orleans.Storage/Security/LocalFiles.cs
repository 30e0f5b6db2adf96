using Mono.Unix;

namespace Magg.Orleans.Storage.Security;

/// <summary>What kind of file a local granule is, asked without opening it (opening a FIFO blocks until a writer comes).</summary>
internal static class LocalFiles
{
    /// <summary>Why <paramref name="path"/> (links resolved) is not a regular file, or null when it is one or does not exist.</summary>
    public static string? NotRegular(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(path) ? "it is a directory, not a regular file" : null;
        }

        var entry = UnixFileSystemInfo.GetFileSystemEntry(path);
        if (!entry.Exists)
        {
            return null;
        }

        return entry.FileType switch
        {
            FileTypes.RegularFile => null,
            FileTypes.Directory => "it is a directory, not a regular file",
            FileTypes.Fifo => "it is a FIFO (named pipe), not a regular file",
            FileTypes.CharacterDevice => "it is a character device, not a regular file",
            FileTypes.BlockDevice => "it is a block device, not a regular file",
            FileTypes.Socket => "it is a socket, not a regular file",
            _ => $"it is a {entry.FileType}, not a regular file",
        };
    }
}
