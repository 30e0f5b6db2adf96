namespace Magg.Orleans.Core.Granules;

/// <summary>A granule stream that knows which version of the granule it reads (e.g. a local file's last write time).</summary>
public interface IGranuleVersion
{
    /// <summary>A stamp that changes when the granule's content may have changed.</summary>
    string Version { get; }
}
