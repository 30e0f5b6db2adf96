using Magg.Orleans.Storage.Objects;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Objects;

public sealed class ObjectStoreFactoryTests
{
    [Fact]
    public void Open_LocalFolderAndFileUrl_OpenTheSameFolder()
    {
        using var folder = new TemporaryFolder();

        using var plain = ObjectStoreFactory.Open(folder.Path);
        using var url = ObjectStoreFactory.Open(new Uri(folder.Path).AbsoluteUri);

        Assert.IsType<LocalObjectStore>(plain);
        Assert.Equal(folder.Path, plain.Location);
        Assert.Equal(folder.Path, url.Location);
    }

    [Theory]
    [InlineData("s3://bucket/some/prefix/", "bucket", "some/prefix/")]
    [InlineData("s3://bucket/some/prefix", "bucket", "some/prefix/")]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    public void Open_S3Url_SplitsBucketAndPrefix(string location, string bucket, string prefix)
    {
        using var store = ObjectStoreFactory.Open(location, new S3StoreOptions("us-west-2", null, false));

        var s3 = Assert.IsType<S3ObjectStore>(store);
        Assert.Equal((bucket, prefix), (s3.Bucket, s3.Prefix));
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("gs://bucket/x")]
    [InlineData("s3://bucket/../x")]
    public void Open_BadLocation_Throws(string location) =>
        Assert.Throws<ArgumentException>(() => ObjectStoreFactory.Open(location, new S3StoreOptions("us-west-2")));
}
