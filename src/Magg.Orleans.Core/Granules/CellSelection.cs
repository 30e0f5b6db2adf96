using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Granules;

/// <summary>Which rows belong to a parent cell and which child each falls in, from order-18 NESTED pixels.</summary>
public sealed record CellSelection
{
    private readonly int _parentShift;
    private readonly int _childShift;
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
        _childMask = ChildCount - 1;
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

    /// <summary>True when an order-18 pixel (or -1 for an invalid point) lies in the parent cell.</summary>
    public bool Contains(long pixel18) => pixel18 >= 0 && pixel18 >> _parentShift == ParentNested;

    /// <summary>Index (0 .. ChildCount - 1, ascending NESTED order) of the child holding an order-18 pixel of the parent.</summary>
    public int ChildIndex(long pixel18) => (int)((pixel18 >> _childShift) & _childMask);
}
