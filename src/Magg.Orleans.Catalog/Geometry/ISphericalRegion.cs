namespace Magg.Orleans.Catalog.Geometry;

/// <summary>A closed region of the sphere that can be covered with HEALPix cells.</summary>
internal interface ISphericalRegion
{
    /// <summary>Cells at <paramref name="order"/> that certainly intersect the region, one per connected part at least.</summary>
    IEnumerable<long> Seeds(int order);

    /// <summary>True when the region may intersect <paramref name="cell"/>; never false when it does.</summary>
    bool Intersects(CellShape cell);
}
