using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Granules;

/// <summary>Which rows belong to a parent cell and which child each falls in, from order-18 NESTED pixels.</summary>
public sealed record CellSelection
{
    // Points a little outside a pixel's corners' latitudes may still round into it.
    private const double LatitudeMargin = 1e-6;

    private readonly int _parentShift;
    private readonly int _childShift;
    private readonly int _childParentShift;
    private readonly long _childMask;

    /// <summary>Selects the rows of <paramref name="parentMorton"/>, binned at <paramref name="childOrder"/>.</summary>
    public CellSelection(long parentMorton, int childOrder)
    {
        ParentMorton = parentMorton;
        ParentOrder = Morton.OrderOf(parentMorton);
        ChildOrder = childOrder;
        ChildCount = Morton.ChildCount(parentMorton, childOrder);
        ParentNested = Morton.ToNested(parentMorton);
        _parentShift = 2 * (Morton.MaxOrder - ParentOrder);
        _childShift = 2 * (Morton.MaxOrder - childOrder);
        _childParentShift = 2 * (childOrder - ParentOrder);
        _childMask = ChildCount - 1;

        // HEALPix latitude depends only on the ring coordinate, which runs monotonically along every pixel edge, so a
        // pixel's latitudes lie between its corners'.
        var corners = Healpix.Boundary(ParentNested, ParentOrder);
        LatitudeLow = Math.Max(-90.0, corners.Min(c => c.Latitude) - LatitudeMargin);
        LatitudeHigh = Math.Min(90.0, corners.Max(c => c.Latitude) + LatitudeMargin);
    }

    /// <summary>The parent cell.</summary>
    public long ParentMorton { get; }

    /// <summary>Order of the parent cell.</summary>
    public int ParentOrder { get; }

    /// <summary>Order of the children.</summary>
    public int ChildOrder { get; }

    /// <summary>Number of children.</summary>
    public int ChildCount { get; }

    /// <summary>NESTED id of the parent at its order.</summary>
    public long ParentNested { get; }

    /// <summary>Lowest latitude (degrees) a point of the parent cell can have.</summary>
    public double LatitudeLow { get; }

    /// <summary>Highest latitude (degrees) a point of the parent cell can have.</summary>
    public double LatitudeHigh { get; }

    /// <summary>True when an order-18 pixel (or -1 for an invalid point) lies in the parent cell.</summary>
    public bool Contains(long pixel18) => pixel18 >= 0 && pixel18 >> _parentShift == ParentNested;

    /// <summary>True when a NESTED pixel at the child order (or -1 for an invalid point) lies in the parent cell.</summary>
    public bool ContainsChildPixel(long pixel) => pixel >= 0 && pixel >> _childParentShift == ParentNested;

    /// <summary>Index of the child that is a NESTED pixel at the child order of the parent.</summary>
    public int ChildIndexOfChildPixel(long pixel) => (int)(pixel & _childMask);

    /// <summary>Index (0 .. ChildCount - 1, ascending NESTED order) of the child holding an order-18 pixel of the parent.</summary>
    public int ChildIndex(long pixel18) => (int)((pixel18 >> _childShift) & _childMask);
}
