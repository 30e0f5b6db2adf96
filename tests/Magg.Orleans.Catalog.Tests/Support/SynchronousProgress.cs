namespace Magg.Orleans.Catalog.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (no posting, nothing lost at the end).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _lock = new();

    public void Report(T value)
    {
        lock (_lock)
        {
            report(value);
        }
    }
}
