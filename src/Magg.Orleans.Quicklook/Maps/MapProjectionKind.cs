namespace Magg.Orleans.Quicklook.Maps;

/// <summary>The map projections of a quicklook.</summary>
public enum MapProjectionKind
{
    /// <summary>Polar stereographic centred on the south pole, longitude 0 pointing up (as EPSG:3031), down to 30° N.</summary>
    SouthPolar,

    /// <summary>Polar stereographic centred on the north pole, longitude 0 pointing down, down to 30° S.</summary>
    NorthPolar,

    /// <summary>Equirectangular longitude/latitude, centred on the data's longitudes (so the antimeridian never cuts it).</summary>
    PlateCarree,
}
