namespace Magg.Orleans.Storage.Objects;

/// <summary>Checks object keys and prefixes so no key can escape the store's root.</summary>
internal static class ObjectKeys
{
    /// <summary>Throws unless <paramref name="key"/> is a relative, non-empty path of plain segments.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || !IsSafe(key) || key.EndsWith('/'))
        {
            throw new ArgumentException($"'{key}' is not a valid object key (relative, '/'-separated, no empty, '.' or '..' segments).", nameof(key));
        }
    }

    /// <summary>Throws unless <paramref name="prefix"/> is empty or a safe key start (it may end with '/').</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        if (prefix.Length > 0 && (trimmed.Length == 0 || !IsSafe(trimmed)))
        {
            throw new ArgumentException($"'{prefix}' is not a valid key prefix.", nameof(prefix));
        }
    }

    private static bool IsSafe(string path) =>
        !path.Contains('\\', StringComparison.Ordinal) && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
}
