using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>A small synthetic data set (40 cells around Dome C, 100,000 observations) shared by the cluster's tests.</summary>
public sealed class DemoDataFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"magg-demo-data-{Guid.NewGuid():N}");

    public DemoDataset Data { get; private set; } = null!;

    /// <summary>The folder of the granules (hold it to keep cells in flight).</summary>
    public string GranulesFolder => Path.Combine(Path.GetDirectoryName(Data.CatalogPath)!, DemoDatasetBuilder.GranulesFolder);

    public async ValueTask InitializeAsync() =>
        Data = await DemoDatasetBuilder.CreateAsync(Path.Combine(Root, "data"), DemoOptions.Antarctica with { TargetObservations = 100_000 },
            TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        Folders.DeleteBestEffort(Root);

        return ValueTask.CompletedTask;
    }
}
