namespace Magg.Orleans.Catalog.Geometry;

/// <summary>A polygon on the sphere: the inside of <see cref="Shell"/> minus the inside of each hole.</summary>
/// <param name="Shell">The outer ring.</param>
/// <param name="Holes">Inner rings, possibly none.</param>
internal sealed record SphericalPolygon(SphericalRing Shell, IReadOnlyList<SphericalRing> Holes)
{
    public IEnumerable<SphericalRing> Rings => Holes.Prepend(Shell);

    public bool Contains(Vec3 point) => Shell.Contains(point) && !Holes.Any(h => h.Contains(point));
}
