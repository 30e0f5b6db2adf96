namespace Magg.Orleans.Core.Security;

/// <summary>One allowlist entry: an S3 bucket (and key prefix), an https host (and path prefix), or a local folder.</summary>
/// <param name="Scheme"><c>s3</c>, <c>https</c> or <c>file</c>.</param>
/// <param name="Host">Bucket or host name in lower case; empty for a folder.</param>
/// <param name="Port">The https port (443 by default); 0 otherwise.</param>
/// <param name="Path">Key or path prefix ending with <c>/</c> (just <c>/</c> for a whole bucket or host), or the folder's resolved full path.</param>
/// <param name="Text">The entry as the operator wrote it.</param>
public sealed record AllowedPrefix(string Scheme, string Host, int Port, string Path, string Text)
{
    /// <summary>Parses an entry of <c>--allow-granules</c> or <c>--allow-stores</c>.</summary>
    /// <exception cref="FormatException">The entry is none of the accepted forms; the message says which are.</exception>
    public static AllowedPrefix Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = entry.Trim();
        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[5..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "/" : Folder(rest[slash..]);
            return bucket.Length > 0 && !HasDotSegment(prefix)
                ? new AllowedPrefix("s3", bucket.ToLowerInvariant(), 0, prefix, text)
                : throw new FormatException($"'{entry}' is not s3://bucket/ or s3://bucket/prefix/");
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Host.Length == 0
                || url.Query.Length > 0 || url.UserInfo.Length > 0)
            {
                throw new FormatException($"'{entry}' is not https://host/ or https://host/prefix/ (plain http and other schemes are not allowed)");
            }

            return new AllowedPrefix("https", HostName(url), url.Port, Folder(url.AbsolutePath), text);
        }

        if (!System.IO.Path.IsPathFullyQualified(text) || HasDotSegment(text.Replace('\\', '/')))
        {
            throw new FormatException($"'{entry}' is not s3://bucket/, https://host/ or an absolute local folder without '..'");
        }

        return new AllowedPrefix("file", "", 0, RealPath.Resolve(text), text);
    }

    /// <summary>True when <paramref name="path"/> (a resolved full path) is inside this folder.</summary>
    public bool ContainsPath(string path) =>
        Scheme == "file" && path.StartsWith(Path.EndsWith(System.IO.Path.DirectorySeparatorChar) ? Path : Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>True when the object <paramref name="key"/> (with a leading <c>/</c>) of bucket or host <paramref name="host"/> is under this prefix.</summary>
    public bool ContainsObject(string scheme, string host, int port, string key) =>
        Scheme == scheme && Host == host && Port == port && key.StartsWith(Path, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>The host of <paramref name="url"/> in lower case, without a trailing dot.</summary>
    public static string HostName(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IdnHost.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>True when a <c>/</c>-separated path has a <c>.</c> or <c>..</c> segment.</summary>
    public static bool HasDotSegment(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split('/').Any(s => s is "." or "..");
    }

    private static string Folder(string path) => path.EndsWith('/') ? path : path + "/";
}
