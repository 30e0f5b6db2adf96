namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>A <see cref="GranuleFileServer"/> shared by a test class.</summary>
public sealed class KestrelServer : IAsyncLifetime
{
    internal GranuleFileServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await GranuleFileServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
