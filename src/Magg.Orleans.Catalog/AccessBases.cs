namespace Magg.Orleans.Catalog;

/// <summary>
/// The catalog's <c>s3_base</c>/<c>https_base</c>, which the https driver needs to rewrite s3 URLs: from the first
/// granule with both URLs, <c>s3://bucket</c> and the https URL up to and including <c>/bucket</c>.
/// </summary>
internal static class AccessBases
{
    public static (string S3Base, string HttpsBase)? Derive(IEnumerable<Cmr.CmrGranule> granules)
    {
        foreach (var granule in granules)
        {
            if (granule.S3Url is not { } s3 || granule.HttpsUrl is not { } https)
            {
                continue;
            }

            var bucket = s3["s3://".Length..].Split('/')[0];
            var index = https.IndexOf($"/{bucket}/", "https://".Length, StringComparison.Ordinal);
            if (bucket.Length > 0 && index > 0)
            {
                return ($"s3://{bucket}", https[..(index + 1 + bucket.Length)]);
            }
        }

        return null;
    }
}
