namespace Magg.Orleans;

/// <summary>The one spelling of a store location, so that a store has one identity however it was written.</summary>
public static class StoreLocations
{
    /// <summary>
    /// <c>s3://bucket/prefix</c> without empty segments or a trailing slash (<c>s3://b//p/</c> is <c>s3://b/p</c>; the
    /// scheme is lower-cased); a <c>file://</c> URL becomes its path; a rooted local path is made absolute lexically
    /// (<c>/a//b/./c/</c> is <c>/a/b/c</c>). Anything else is returned trimmed of trailing separators.
    /// </summary>
    public static string Canonical(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var segments = location["s3://".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            return "s3://" + string.Join('/', segments);
        }

        var path = location.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(location).LocalPath : location;
        if (path.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(path))
        {
            return path.Length > 1 ? path.TrimEnd('/', '\\') : path;
        }

        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        return full.Length > root.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }

    /// <summary>An endpoint URL in one spelling: lower-case scheme and host, default port dropped, no trailing slash.</summary>
    public static string CanonicalEndpoint(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : url.Trim().TrimEnd('/');
    }
}
