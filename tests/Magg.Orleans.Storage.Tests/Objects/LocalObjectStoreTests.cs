using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Objects;

public sealed class LocalObjectStoreTests
{
    [Fact]
    public async Task Contract_LocalFolder_Holds()
    {
        using var folder = new TemporaryFolder();
        using var store = new LocalObjectStore(folder.Path);

        await ObjectStoreContract.VerifyAsync(store, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WriteAsync_Replace_LeavesNoTemporaryFilesAndListsNoneOfAnInterruptedWrite()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var store = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(folder.Path, ".k.0123.partial"), "left by a crash", ct);

        // Act
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.WriteAsync("k", new byte[] { (byte)i }, ct)));

        // Assert
        Assert.Equal(["k"], await ObjectStoreContract.ListAsync(store, "", ct));
        Assert.Single((await store.ReadAsync("k", ct))!);
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public async Task ReadAsync_DuringReplacement_SeesOldOrNewObjectWhole()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        using var store = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        var a = Enumerable.Repeat((byte)'a', 1 << 20).ToArray();
        var b = Enumerable.Repeat((byte)'b', 1 << 20).ToArray();
        await store.WriteAsync("chunk", a, ct);

        // Act
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await store.WriteAsync("chunk", i % 2 == 0 ? b : a, ct);
            }
        }, ct);
        var torn = 0;
        while (!writer.IsCompleted)
        {
            var read = await store.ReadAsync("chunk", ct);
            if (read is null || !(read.AsSpan().SequenceEqual(a) || read.AsSpan().SequenceEqual(b)))
            {
                torn++;
            }
        }

        await writer;

        // Assert
        Assert.Equal(0, torn);
    }
}
