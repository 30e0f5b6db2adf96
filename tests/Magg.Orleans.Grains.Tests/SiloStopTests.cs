using System.Net;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Grains.Tests;

/// <summary>A silo that stops lets go of what its granule drivers hold: their pooled connections close.</summary>
[Collection(SharedCluster.Name)]
public sealed class SiloStopTests
{
    [Fact]
    public async Task Stop_ClosesThePooledConnectionsOfTheHttpsGranuleDriver()
    {
        // Arrange: a granule read over http from a loopback server leaves a pooled connection (idle for up to a minute).
        var ct = TestContext.Current.CancellationToken;
        var granules = Path.Combine(TestData.Fixture("small"), "granules");
        var name = Path.GetFileName(Directory.GetFiles(granules, "*.h5").Order(StringComparer.Ordinal).First());
        await using var server = await RecordingServer.StartAsync(IPAddress.Loopback, FreePort.Next(), granules, certificate: null, ct);
        var cluster = await MaggCluster.StartEmbeddedAsync(silo => silo.Services.Configure<AccessOptions>(o => o.AllowLoopbackForTests = true), cancellationToken: ct);
        await using (cluster)
        {
            var source = cluster.Services.GetRequiredService<IGranuleSource>();
            await using (var stream = await source.OpenAsync(new Uri($"{server.BaseUrl}/files/{name}"), ct))
            {
                Assert.True(stream.ReadByte() >= 0);
            }

            Assert.True(server.OpenConnections > 0);
        }

        // Act: the silo stopped when it was disposed.

        // Assert: well within the pool's idle timeout, so the silo closed them.
        await Eventually.HoldsAsync(() => server.OpenConnections == 0, "the granule connections closing", TimeSpan.FromSeconds(30));
    }
}
