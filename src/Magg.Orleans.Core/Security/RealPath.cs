namespace Magg.Orleans.Core.Security;

/// <summary>
/// A path with every symbolic link resolved (what <c>realpath(3)</c> returns), so allowlist checks see where a file
/// really is. Components that do not exist are kept as they are.
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>The full path of <paramref name="path"/> with symbolic links resolved.</summary>
    /// <exception cref="IOException">More than 40 links were followed (a loop).</exception>
    public static string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pending = new Stack<string>(Segments(Path.GetFullPath(path)).Reverse());
        var current = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"too many levels of symbolic links at {next}");
                }

                var resolved = Path.GetFullPath(target, current);
                foreach (var part in Segments(resolved).Reverse())
                {
                    pending.Push(part);
                }

                current = Path.GetPathRoot(resolved) ?? "/";
                continue;
            }

            current = next;
        }

        return current;
    }

    private static string[] Segments(string fullPath) =>
        fullPath[(Path.GetPathRoot(fullPath)?.Length ?? 0)..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
