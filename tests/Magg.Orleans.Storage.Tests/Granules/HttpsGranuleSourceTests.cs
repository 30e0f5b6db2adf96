using System.Globalization;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Granules;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>The HTTPS source against a Kestrel server on loopback serving the fixture granules with range support and a bearer token.</summary>
public sealed class HttpsGranuleSourceTests(KestrelServer kestrel) : IClassFixture<KestrelServer>
{
    public static TheoryData<string, string> Cells() => FixtureCells.All();

    private GranuleFileServer Server => kestrel.Server;

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task ProcessAsync_FixtureCellOverHttps_EqualsLocalFilesByteForByte(string fixture, string cellKey)
    {
        // Arrange: the catalog's s3:// URLs rewritten from s3_base to the server's https_base
        var cancellationToken = TestContext.Current.CancellationToken;
        var parent = long.Parse(cellKey, CultureInfo.InvariantCulture);
        var catalog = FixtureCells.LoadS3Catalog(fixture, httpsBase: $"{Server.BaseUrl}/data");
        using var source = new HttpsGranuleSource(_ => ValueTask.FromResult(GranuleFileServer.Token));
        var local = await FixtureCells.ProcessLocallyAsync(fixture, parent, cancellationToken);

        // Act
        var remote = await FixtureCells.ProcessAsync(source, catalog, parent, GranuleDriver.Https, cancellationToken);

        // Assert
        FixtureCells.AssertSame(local, remote);
        var figures = source.Statistics.Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"https {fixture} cell {cellKey}: {figures.Opens} granules, {figures.Requests} requests, {figures.BytesFetched:N0} bytes fetched, {figures.BytesRead:N0} read");
        Assert.Equal(remote.Outcome.GranuleCount, figures.Opens);
        Assert.InRange(figures.Requests, figures.Opens, 2 * figures.Opens);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task ProcessAsync_SmallBlocksOverHttps_EqualsLocalInAFewRequestsPerGranule(string fixture, string cellKey)
    {
        // Arrange
        var cancellationToken = TestContext.Current.CancellationToken;
        var parent = long.Parse(cellKey, CultureInfo.InvariantCulture);
        var catalog = FixtureCells.LoadS3Catalog(fixture, httpsBase: $"{Server.BaseUrl}/data");
        var options = new RemoteGranuleOptions { Cache = new RangeCacheOptions { BlockSize = 64 * 1024, ReadAheadBlocks = 3 } };
        using var source = new HttpsGranuleSource(_ => ValueTask.FromResult(GranuleFileServer.Token), options);
        var local = await FixtureCells.ProcessLocallyAsync(fixture, parent, cancellationToken);

        // Act
        var remote = await FixtureCells.ProcessAsync(source, catalog, parent, GranuleDriver.Https, cancellationToken);

        // Assert
        FixtureCells.AssertSame(local, remote);
        var figures = source.Statistics.Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"https 64 KiB blocks {fixture} cell {cellKey}: {figures.Opens} granules, {figures.Requests} requests ({(double)figures.Requests / figures.Opens:F1} per granule)");
        Assert.InRange(figures.Requests, 3 * figures.Opens, 6 * figures.Opens);
    }

    [Fact]
    public async Task ProcessAsync_WrongToken_ReportsEveryGranuleAccessDeniedWithoutTheToken()
    {
        // Arrange
        const string WrongToken = "wrong-token-that-must-not-leak-42";
        var catalog = FixtureCells.LoadS3Catalog("small", httpsBase: $"{Server.BaseUrl}/data");
        using var source = new HttpsGranuleSource(_ => ValueTask.FromResult(WrongToken));
        var cell = catalog.Cells.First(c => c.Granules.Count > 1);

        // Act
        var result = await FixtureCells.ProcessAsync(source, catalog, cell.ParentMorton, GranuleDriver.Https, TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(result.Table);
        Assert.Equal(cell.Granules.Count, result.Outcome.GranulesFailed);
        Assert.All(result.Outcome.Failures, f =>
        {
            Assert.Equal(GranuleErrorKind.AccessDenied, f.Kind);
            Assert.Contains("401", f.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongToken, f.Reason, StringComparison.Ordinal);
        });
    }
}
