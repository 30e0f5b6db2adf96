using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Granules;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>Failures of remote reads against a Kestrel server that fails on purpose: kinds, retries, and no leaked credentials.</summary>
public sealed class RemoteGranuleErrorTests(KestrelServer kestrel) : IClassFixture<KestrelServer>
{
    private const string Granule = "ATL06_20240206054204_08782211_006_02.h5";
    private const int Retries = 3;

    private static readonly RemoteGranuleOptions FastRetries = new()
    {
        MaxRetryAttempts = Retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        Cache = new RangeCacheOptions { BlockSize = 64 * 1024, ReadAheadBlocks = 1 },
    };

    private GranuleFileServer Server => kestrel.Server;

    private static HttpsGranuleSource Source(string token = GranuleFileServer.Token) => new(_ => ValueTask.FromResult(token), FastRetries);

    private S3GranuleSource S3Source() => new(_ => ValueTask.FromResult(MotoBucket.Credentials), new S3GranuleSourceOptions
    {
        ServiceUrl = Server.BaseUrl,
        ForcePathStyle = true,
        MaxRetryAttempts = Retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    });

    private Uri Url(string path) => new($"{Server.BaseUrl}/{path}");

    private static async Task<GranuleAccessException> OpenFails(IGranuleSource source, Uri address) =>
        await Assert.ThrowsAsync<GranuleAccessException>(() => source.OpenAsync(address, TestContext.Current.CancellationToken).AsTask());

    private static async Task<byte[]> ReadAll(IGranuleSource source, Uri address)
    {
        await using var stream = await source.OpenAsync(address, TestContext.Current.CancellationToken);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static byte[] LocalBytes() => File.ReadAllBytes(FixtureCells.LocalFile("small", new Uri($"s3://b/{Granule}")));

    [Fact]
    public async Task OpenAsync_WrongToken_ThrowsAccessDeniedWithoutTheToken()
    {
        using var source = Source("not-the-right-token-0000");

        var error = await OpenFails(source, Url($"data/{Granule}"));

        Assert.Equal(GranuleErrorKind.AccessDenied, error.Kind);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Server.BaseUrl}/data/{Granule}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-right-token-0000", error.ToString(), StringComparison.Ordinal);
        SecretsAssert.Absent(error);
    }

    [Fact]
    public async Task OpenAsync_MissingObject_ThrowsNotFound()
    {
        using var source = Source();

        var error = await OpenFails(source, Url("data/ATL06_missing.h5"));

        Assert.Equal(GranuleErrorKind.NotFound, error.Kind);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        SecretsAssert.Absent(error);
    }

    [Fact]
    public async Task OpenAsync_ServerFailsTwiceThenServes_RetriesAndReadsTheGranule()
    {
        // Arrange: requests 1 and 2 to this path answer 500
        using var source = Source();
        var path = $"fail/500/1/2/{Granule}";

        // Act
        var bytes = await ReadAll(source, Url(path));

        // Assert
        Assert.Equal(LocalBytes(), bytes);
        Assert.Equal(2, source.Statistics.Retries);
        Assert.Equal(source.Statistics.Requests + 2, Server.RequestsTo($"/{path}"));
    }

    [Fact]
    public async Task Read_ServerFailsTwiceMidGranule_RetriesSynchronouslyAndReadsTheGranule()
    {
        // Arrange: the open succeeds, the next two requests (the synchronous read path) answer 503 SlowDown
        using var source = Source();
        var path = $"fail/503/2/2/{Granule}";

        // Act
        var bytes = await ReadAll(source, Url(path));

        // Assert
        Assert.Equal(LocalBytes(), bytes);
        Assert.Equal(2, source.Statistics.Retries);
        Assert.Equal(source.Statistics.Requests + 2, Server.RequestsTo($"/{path}"));
    }

    [Fact]
    public async Task OpenAsync_ServerAlwaysFails_ThrowsTransientAfterTheRetries()
    {
        using var source = Source();
        var path = $"fail/500/1/1000/{Granule}";

        var error = await OpenFails(source, Url(path));

        Assert.Equal(GranuleErrorKind.Transient, error.Kind);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(Retries + 1, Server.RequestsTo($"/{path}"));
        SecretsAssert.Absent(error);
    }

    [Fact]
    public async Task Read_ServerFailsForGoodMidGranule_ThrowsTransientFromTheSynchronousRead()
    {
        using var source = Source();
        var path = $"fail/502/2/1000/{Granule}";

        var error = await Assert.ThrowsAsync<GranuleAccessException>(() => ReadAll(source, Url(path)));

        Assert.Equal(GranuleErrorKind.Transient, error.Kind);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 + Retries + 1, Server.RequestsTo($"/{path}"));
    }

    [Fact]
    public async Task OpenAsync_S3ExpiredTokenResponse_ThrowsCredentialsExpiredWithoutSecrets()
    {
        // Arrange: path-style s3://expired/... lands on the server's /expired route (400 ExpiredToken)
        using var source = S3Source();

        // Act
        var error = await OpenFails(source, new Uri($"s3://expired/ATL06/006/{Granule}"));

        // Assert
        Assert.Equal(GranuleErrorKind.CredentialsExpired, error.Kind);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExpiredToken", error.Message, StringComparison.Ordinal);
        Assert.Equal($"s3://expired/ATL06/006/{Granule}", error.Granule);
        SecretsAssert.Absent(error);
    }

    [Fact]
    public async Task OpenAsync_ExpiredBearerToken_ThrowsCredentialsExpired()
    {
        using var source = Source(GranuleFileServer.ExpiredToken);

        var error = await OpenFails(source, Url($"data/{Granule}"));

        Assert.Equal(GranuleErrorKind.CredentialsExpired, error.Kind);
        SecretsAssert.Absent(error);
    }

    [Fact]
    public async Task Read_S3ThrottledTwice_RetriesAndReadsTheGranule()
    {
        // Arrange: s3://fail/503/1/2/... is the server's SlowDown route, pre-signed with the test credentials
        using var source = S3Source();

        // Act
        var bytes = await ReadAll(source, new Uri($"s3://fail/503/1/2/{Granule}"));

        // Assert
        Assert.Equal(LocalBytes(), bytes);
        Assert.Equal(2, source.Statistics.Retries);
    }

    [Fact]
    public async Task OpenAsync_ServerRefusesConnections_ThrowsTransient()
    {
        using var source = new HttpsGranuleSource(_ => ValueTask.FromResult(GranuleFileServer.Token), FastRetries);
        var closed = new Uri($"http://127.0.0.1:{Magg.Orleans.TestSupport.FreePort.Next()}/data/{Granule}");

        var error = await OpenFails(source, closed);

        Assert.Equal(GranuleErrorKind.Transient, error.Kind);
        Assert.Equal(Retries, source.Statistics.Retries);
    }
}
