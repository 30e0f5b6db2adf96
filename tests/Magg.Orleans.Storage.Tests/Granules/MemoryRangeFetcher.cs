using Magg.Orleans.Storage.Granules;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>An object held in memory, recording every range asked for (for the cache logic; servers are tested elsewhere).</summary>
internal sealed class MemoryRangeFetcher(byte[] data) : IRangeFetcher
{
    public List<(long Offset, int Length)> Fetches { get; } = [];

    public string Granule => "memory://object";

    public ValueTask<long> GetLengthAsync(Memory<byte> head, CancellationToken cancellationToken)
    {
        var count = Math.Min(head.Length, data.Length);
        data.AsSpan(0, count).CopyTo(head.Span);
        Fetches.Add((0, head.Length));
        return ValueTask.FromResult((long)data.Length);
    }

    public int Fetch(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        Fetches.Add((offset, destination.Length));
        var count = (int)Math.Clamp(data.Length - offset, 0, destination.Length);
        data.AsSpan((int)offset, count).CopyTo(destination.Span);
        return count;
    }
}
