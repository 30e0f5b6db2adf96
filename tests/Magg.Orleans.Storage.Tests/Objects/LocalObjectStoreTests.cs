using System.Diagnostics;
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

    [Fact]
    public async Task LockAsync_LocalFolder_HasOneHolderAtATime()
    {
        using var folder = new TemporaryFolder();
        using var store = new LocalObjectStore(folder.Path);

        await ObjectStoreContract.VerifyLockAsync(store, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task LockAsync_HeldByAnotherProcess_WaitsAndIsFreedWhenThatProcessDies()
    {
        // Arrange: another process holds the lock file with flock(2), as a second silo or CLI on this machine would.
        var python = ExternalTool.Require("python3", "apt-get install python3");
        using var folder = new TemporaryFolder();
        using var store = new LocalObjectStore(folder.Path);
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.Combine(folder.Path, "_magg"));
        using var holder = Process.Start(new ProcessStartInfo(python,
            ["-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'a+')\nfcntl.flock(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(600)",
                Path.Combine(folder.Path, "_magg", "lock")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            var started = await holder.StandardOutput.ReadLineAsync(ct);
            Assert.True(started == "locked", $"the lock holder did not start: {started} {(started is null ? await holder.StandardError.ReadToEndAsync(ct) : "")}");
            var brief = new StoreLockOptions(TimeSpan.FromMilliseconds(300), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20));

            // Act
            await Assert.ThrowsAsync<StoreBusyException>(() => store.LockAsync("_magg/lock", "run here", brief, ct));
            holder.Kill();
            await holder.WaitForExitAsync(ct);
            var taken = await store.LockAsync("_magg/lock", "run here", brief with { Wait = TimeSpan.FromSeconds(30) }, ct);

            // Assert
            await taken.DisposeAsync();
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }
}
