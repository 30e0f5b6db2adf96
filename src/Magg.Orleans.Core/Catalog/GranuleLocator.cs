using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// Turns a catalog's granule entries into addresses a granule source can open: local paths (relative to the catalog
/// folder) and <c>file://</c> URLs to files, <c>s3://</c> URLs as they are for the s3 driver, and rewritten from
/// <c>metadata.s3_base</c> to <c>metadata.https_base</c> for the https driver.
/// </summary>
public static class GranuleLocator
{
    /// <summary>The address of <paramref name="entry"/> when read with <paramref name="driver"/>.</summary>
    /// <exception cref="CatalogException">The entry cannot be addressed (e.g. https driver without <c>https_base</c>).</exception>
    public static Uri Resolve(string entry, GranuleDriver driver, GranuleCatalog catalog)
    {
        if (entry.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return driver == GranuleDriver.S3 ? ParseUri(entry) : ParseUri(RewriteToHttps(entry, catalog.Metadata));
        }

        if (entry.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || entry.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || entry.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseUri(entry);
        }

        if (entry.Contains("://", StringComparison.Ordinal))
        {
            throw new CatalogException($"Granule '{entry}': unsupported URL scheme (use a path, file://, s3:// or https://).");
        }

        var path = Path.IsPathRooted(entry) ? entry : Path.Combine(catalog.BaseDirectory ?? Directory.GetCurrentDirectory(), entry);
        return new Uri(Path.GetFullPath(path));
    }

    /// <summary>Replaces the <c>s3_base</c> prefix of an S3 URL by <c>https_base</c>.</summary>
    public static string RewriteToHttps(string s3Url, CatalogMetadata metadata)
    {
        if (metadata.S3Base is null)
        {
            throw new CatalogException($"The https driver needs catalog metadata.s3_base to rewrite '{s3Url}', and the catalog has none.");
        }

        if (metadata.HttpsBase is null)
        {
            throw new CatalogException($"The https driver needs catalog metadata.https_base to rewrite '{s3Url}', and the catalog has none.");
        }

        var s3Base = metadata.S3Base.TrimEnd('/');
        if (!s3Url.StartsWith(s3Base + "/", StringComparison.Ordinal))
        {
            throw new CatalogException($"Granule '{s3Url}' does not start with the catalog's s3_base '{s3Base}'.");
        }

        return metadata.HttpsBase.TrimEnd('/') + s3Url[s3Base.Length..];
    }

    private static Uri ParseUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new CatalogException($"Granule '{text}' is not a valid URL.");
}
