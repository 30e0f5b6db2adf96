using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>A granule source that reads over the network and counts its range requests.</summary>
public interface IRemoteGranuleSource : IGranuleSource, IDisposable
{
    /// <summary>Requests and bytes of every granule this source opened (take snapshots before and after a cell for its share).</summary>
    RangeStatistics Statistics { get; }
}
