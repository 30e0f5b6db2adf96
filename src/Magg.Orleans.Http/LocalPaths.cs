namespace Magg.Orleans.Http;

/// <summary>Whether a local path lies under one of the folders a server allows (<see cref="HttpApiOptions.Folders"/>).</summary>
internal static class LocalPaths
{
    /// <summary>True when <paramref name="path"/> (made absolute, its final link followed) is one of <paramref name="folders"/> or under one.</summary>
    public static bool IsAllowed(IReadOnlyList<string> folders, string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            full = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            // A dangling or looping link: judged by its own path, and it cannot be read anyway.
        }

        return folders.Any(f => Under(Path.GetFullPath(f), full));
    }

    /// <summary>Why <paramref name="path"/> may not be used, or null.</summary>
    public static string? Refusal(IReadOnlyList<string> folders, string path, string what) =>
        IsAllowed(folders, path) ? null
            : folders.Count == 0
                ? $"{what} {path}: this server reads and writes no local path (start it with --allow-path FOLDER); send the catalog inline with s3:// or https:// granules, and write to an s3:// store"
                : $"{what} {path}: not under a folder this server allows ({string.Join(", ", folders)})";

    private static bool Under(string folder, string path)
    {
        var root = folder.TrimEnd(Path.DirectorySeparatorChar);
        return path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
