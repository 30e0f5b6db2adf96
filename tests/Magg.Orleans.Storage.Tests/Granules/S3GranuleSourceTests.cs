using System.Globalization;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>The S3 source against a real moto_server holding the fixture granules.</summary>
public sealed class S3GranuleSourceTests(MotoBucket moto) : IClassFixture<MotoBucket>
{
    public static TheoryData<string, string> Cells() => FixtureCells.All();

    private void RequireMoto()
    {
        ExternalTool.Require("moto_server", MotoBucket.InstallHint);
        Assert.NotNull(moto.Server);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task ProcessAsync_FixtureCellFromS3_EqualsLocalFilesByteForByte(string fixture, string cellKey)
    {
        // Arrange
        RequireMoto();
        var cancellationToken = TestContext.Current.CancellationToken;
        var parent = long.Parse(cellKey, CultureInfo.InvariantCulture);
        var credentialCalls = 0;
        using var source = new S3GranuleSource(_ =>
        {
            Interlocked.Increment(ref credentialCalls);
            return ValueTask.FromResult(MotoBucket.Credentials);
        }, moto.Options());
        var local = await FixtureCells.ProcessLocallyAsync(fixture, parent, cancellationToken);

        // Act
        var remote = await FixtureCells.ProcessAsync(source, FixtureCells.LoadS3Catalog(fixture), parent, GranuleDriver.S3, cancellationToken);

        // Assert
        FixtureCells.AssertSame(local, remote);
        var figures = source.Statistics.Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"s3 {fixture} cell {cellKey}: {figures.Opens} granules, {figures.Requests} requests, {figures.BytesFetched:N0} bytes fetched, {figures.BytesRead:N0} read");
        Assert.Equal(remote.Outcome.GranuleCount, figures.Opens);
        Assert.Equal(figures.Opens, credentialCalls);
        Assert.InRange(figures.Requests, figures.Opens, 2 * figures.Opens);
        Assert.Equal(0, figures.Retries);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task ProcessAsync_SmallBlocks_MergesReadsIntoAFewRequestsPerGranule(string fixture, string cellKey)
    {
        // Arrange: 64 KiB blocks and 3 blocks of read-ahead, so one request covers at most 256 KiB of a ~600 KB granule
        RequireMoto();
        var cancellationToken = TestContext.Current.CancellationToken;
        var parent = long.Parse(cellKey, CultureInfo.InvariantCulture);
        using var source = new S3GranuleSource(_ => ValueTask.FromResult(MotoBucket.Credentials),
            moto.Options(new RangeCacheOptions { BlockSize = 64 * 1024, ReadAheadBlocks = 3 }));
        var local = await FixtureCells.ProcessLocallyAsync(fixture, parent, cancellationToken);

        // Act
        var remote = await FixtureCells.ProcessAsync(source, FixtureCells.LoadS3Catalog(fixture), parent, GranuleDriver.S3, cancellationToken);

        // Assert
        FixtureCells.AssertSame(local, remote);
        var figures = source.Statistics.Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"s3 64 KiB blocks {fixture} cell {cellKey}: {figures.Opens} granules, {figures.Requests} requests ({(double)figures.Requests / figures.Opens:F1} per granule), {figures.BytesFetched:N0} bytes fetched");
        Assert.InRange(figures.Requests, 3 * figures.Opens, 6 * figures.Opens);
    }

    [Fact]
    public async Task OpenAsync_CredentialsRefreshedOftenerThanTheSignersKept_KeepsAtMostTheBound_AndEveryOpenStreamStillReads()
    {
        // Arrange: every open gets new credentials (a refresh), as many times as two more than the signers kept.
        RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        var refresh = 0;
        using var source = new S3GranuleSource(_ => ValueTask.FromResult(MotoBucket.Credentials with
        {
            SessionToken = "moto-session-" + Interlocked.Increment(ref refresh).ToString(CultureInfo.InvariantCulture),
        }), moto.Options());
        var granule = new Uri(FixtureCells.LoadS3Catalog("small").Cells[0].Granules[0]);
        var expected = File.ReadAllBytes(Path.Combine(TestData.Fixture("small"), "granules", Path.GetFileName(granule.AbsolutePath)))[..64];
        var streams = new List<Stream>();

        // Act
        try
        {
            for (var i = 0; i < S3GranuleSource.MaxPresigners + 2; i++)
            {
                streams.Add(await source.OpenAsync(granule, ct));
            }

            // Assert: the oldest signers were let go; streams signed by them read on.
            Assert.Equal(S3GranuleSource.MaxPresigners, source.PresignerCount);
            foreach (var stream in streams)
            {
                var head = new byte[expected.Length];
                await stream.ReadExactlyAsync(head, ct);
                Assert.Equal(expected, head);
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task OpenAsync_MissingKey_ThrowsNotFound()
    {
        // Arrange
        RequireMoto();
        using var source = new S3GranuleSource(_ => ValueTask.FromResult(MotoBucket.Credentials), moto.Options());
        var address = new Uri("s3://synthetic-atl06/ATL06/006/ATL06_missing.h5");

        // Act
        var error = await Assert.ThrowsAsync<GranuleAccessException>(() => source.OpenAsync(address, TestContext.Current.CancellationToken).AsTask());

        // Assert
        Assert.Equal(GranuleErrorKind.NotFound, error.Kind);
        Assert.Equal(address.ToString(), error.Granule);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        SecretsAssert.Absent(error);
    }

    [Fact]
    public async Task OpenAsync_MissingBucket_ThrowsNotFound()
    {
        RequireMoto();
        using var source = new S3GranuleSource(_ => ValueTask.FromResult(MotoBucket.Credentials), moto.Options());

        var error = await Assert.ThrowsAsync<GranuleAccessException>(
            () => source.OpenAsync(new Uri("s3://no-such-bucket/key.h5"), TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(GranuleErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task OpenAsync_CredentialsAlreadyExpired_ThrowsCredentialsExpiredWithoutARequest()
    {
        // Arrange
        RequireMoto();
        var expired = MotoBucket.Credentials with { Expiration = DateTimeOffset.UtcNow.AddMinutes(-1) };
        using var source = new S3GranuleSource(_ => ValueTask.FromResult(expired), moto.Options());
        var address = new Uri(FixtureCells.LoadS3Catalog("small").Cells[0].Granules[0]);

        // Act
        var error = await Assert.ThrowsAsync<GranuleAccessException>(() => source.OpenAsync(address, TestContext.Current.CancellationToken).AsTask());

        // Assert
        Assert.Equal(GranuleErrorKind.CredentialsExpired, error.Kind);
        Assert.Equal(0, source.Statistics.Requests);
        SecretsAssert.Absent(error);
    }

    [Fact]
    public void Credentials_ToString_ShowsNoSecrets()
    {
        var text = MotoBucket.Credentials.ToString();

        Assert.DoesNotContain(MotoBucket.Credentials.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(MotoBucket.Credentials.SessionToken, text, StringComparison.Ordinal);
    }
}
