using Amazon.S3;
using Amazon.S3.Model;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// Reads every Zarr object of a store on S3, keyed by its path inside the store. Magg's own records under <c>_magg/</c>
/// (completion stamps name the run and the time they were written) are not the store's data and are left out.
/// </summary>
public static class StoreObjects
{
    public static async Task<SortedDictionary<string, byte[]>> ReadAllAsync(IAmazonS3 s3, string bucket, string prefix, CancellationToken cancellationToken)
    {
        var objects = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix + "/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var entry in (page.S3Objects ?? []).Where(o => !o.Key[request.Prefix.Length..].StartsWith("_magg/", StringComparison.Ordinal)))
            {
                using var response = await s3.GetObjectAsync(bucket, entry.Key, cancellationToken);
                using var bytes = new MemoryStream();
                await response.ResponseStream.CopyToAsync(bytes, cancellationToken);
                objects[entry.Key[request.Prefix.Length..]] = bytes.ToArray();
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return objects;
    }
}
