namespace Magg.Orleans.Catalog.Geometry;

/// <summary>
/// The cells of one order that intersect a region, found by a flood fill: start at cells known to intersect it, test
/// every neighbour of every intersecting cell. A connected region covers a connected set of cells, so nothing is missed
/// as long as the seeds touch every connected part.
/// </summary>
internal static class RegionCover
{
    /// <summary>NESTED ids of the cells intersecting <paramref name="region"/>, ascending.</summary>
    public static long[] Cover(ISphericalRegion region, CellShapes shapes)
    {
        var visited = new HashSet<long>();
        var found = new List<long>();
        var queue = new Queue<long>();
        foreach (var seed in region.Seeds(shapes.Order))
        {
            Visit(seed);
        }

        while (queue.TryDequeue(out var cell))
        {
            foreach (var neighbour in shapes[cell].Neighbours)
            {
                Visit(neighbour);
            }
        }

        found.Sort();
        return [.. found];

        void Visit(long cell)
        {
            if (visited.Add(cell) && region.Intersects(shapes[cell]))
            {
                found.Add(cell);
                queue.Enqueue(cell);
            }
        }
    }
}
