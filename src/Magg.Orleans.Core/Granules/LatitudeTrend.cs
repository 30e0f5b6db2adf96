namespace Magg.Orleans.Core.Granules;

/// <summary>How the valid latitudes of a chunk run, row by row.</summary>
internal enum LatitudeTrend
{
    /// <summary>Fewer than two valid latitudes, or all equal.</summary>
    Flat,
    /// <summary>Never decreasing, and rising somewhere.</summary>
    Rising,
    /// <summary>Never increasing, and falling somewhere.</summary>
    Falling,
    /// <summary>Both rising and falling: the track turns inside the chunk.</summary>
    Mixed,
}
