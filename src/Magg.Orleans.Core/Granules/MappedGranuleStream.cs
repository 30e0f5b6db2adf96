using System.IO.MemoryMappedFiles;

namespace Magg.Orleans.Core.Granules;

/// <summary>A read-only stream over a memory-mapped granule file, exactly as long as the file.</summary>
internal sealed class MappedGranuleStream : UnmanagedMemoryStream, IGranuleVersion
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;

    public MappedGranuleStream(MemoryMappedFile map, MemoryMappedViewAccessor view, long length, string version)
        : base(view.SafeMemoryMappedViewHandle, view.PointerOffset, length)
    {
        _map = map;
        _view = view;
        Version = version;
    }

    public string Version { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _view.Dispose();
            _map.Dispose();
        }
    }
}
