using System.Collections.Concurrent;

namespace Magg.Orleans.Catalog.Geometry;

/// <summary>The <see cref="CellShape"/>s of one order, built once and shared by every footprint (thread-safe).</summary>
internal sealed class CellShapes(int order)
{
    private readonly ConcurrentDictionary<long, CellShape> _shapes = new();

    public int Order { get; } = order;

    public CellShape this[long nested] => _shapes.GetOrAdd(nested, static (pixel, order) => CellShape.Create(pixel, order), Order);
}
