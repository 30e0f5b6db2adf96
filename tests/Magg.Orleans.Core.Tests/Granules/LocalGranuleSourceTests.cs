using Magg.Orleans.Core.Granules;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>Local granule streams (buffered and memory-mapped) return the file's bytes wherever they are read, with few read calls.</summary>
public sealed class LocalGranuleSourceTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(LocalReadMode.Buffered)]
    [InlineData(LocalReadMode.MemoryMapped)]
    public async Task OpenAsync_RandomReadsAndSeeks_ReturnTheFilesBytes(LocalReadMode mode)
    {
        // Arrange
        var bytes = new byte[700_001];
        new Random(1).NextBytes(bytes);
        var path = _folder.File("granule.bin");
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        var source = new LocalGranuleSource(mode);
        var random = new Random(2);

        // Act
        await using var stream = await source.OpenAsync(new Uri(path), TestContext.Current.CancellationToken);
        for (var i = 0; i < 2_000; i++)
        {
            var position = random.Next(bytes.Length + 10);
            var length = i % 10 == 0 ? random.Next(200_000) : random.Next(1, 64);
            stream.Position = position;
            var buffer = new byte[length];
            var read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);

            // Assert
            var expected = Math.Max(0, Math.Min(length, bytes.Length - position));
            Assert.Equal(expected, read);
            Assert.True(bytes.AsSpan(Math.Min(position, bytes.Length), expected).SequenceEqual(buffer.AsSpan(0, read)), $"bytes at {position}");
        }

        Assert.Equal(bytes.Length, stream.Length);
        Assert.IsAssignableFrom<IGranuleVersion>(stream);
        Assert.True(source.ReadCalls < (mode == LocalReadMode.Buffered ? 1_000 : 1), $"{source.ReadCalls} read calls for 2,000 reads");
    }

    [Fact]
    public async Task TryGetVersion_FileRewrittenInPlace_HasANewVersion()
    {
        var path = _folder.File("granule.bin");
        await File.WriteAllBytesAsync(path, new byte[10], TestContext.Current.CancellationToken);
        var source = new LocalGranuleSource();
        Assert.True(source.TryGetVersion(new Uri(path), out var before));

        await File.WriteAllBytesAsync(path, new byte[10], TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));

        Assert.True(source.TryGetVersion(new Uri(path), out var after));
        Assert.NotEqual(before, after);
        Assert.False(source.TryGetVersion(new Uri(_folder.File("missing.bin")), out _));
    }
}
