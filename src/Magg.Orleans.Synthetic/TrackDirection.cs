namespace Magg.Orleans.Synthetic;

/// <summary>Whether a track crosses its reference point heading north or south.</summary>
public enum TrackDirection
{
    /// <summary>Northbound (argument of latitude in (-90°, 90°)).</summary>
    Ascending,

    /// <summary>Southbound (argument of latitude in (90°, 270°)).</summary>
    Descending,
}
