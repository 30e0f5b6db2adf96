namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// The aggregated statistics of every child of one parent cell, in ascending NESTED order: exactly one Zarr chunk of
/// each output array.
/// </summary>
/// <param name="ParentMorton">The parent (shard) cell.</param>
/// <param name="ChildOrder">Order of the children.</param>
/// <param name="CellIds">The <c>cell_ids</c> coordinate (NESTED ids at child order).</param>
/// <param name="Morton">The <c>morton</c> coordinate.</param>
/// <param name="Variables">One column per config variable, in config order.</param>
public sealed record ChildTable(long ParentMorton, int ChildOrder, ChildColumn CellIds, ChildColumn Morton, IReadOnlyList<ChildColumn> Variables)
{
    /// <summary>Number of children: 4^(child order - parent order).</summary>
    public int Length => CellIds.Values.Length;

    /// <summary>Coordinates then variables: every array of the chunk.</summary>
    public IEnumerable<ChildColumn> Columns => [CellIds, Morton, .. Variables];

    /// <summary>The column named <paramref name="name"/>.</summary>
    public ChildColumn this[string name] => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"No output array '{name}'.");
}
