using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>One 1-D output array of the DGGS group: a coordinate (<c>cell_ids</c>, <c>morton</c>) or a variable.</summary>
/// <param name="Name">Array name, a single Zarr node name.</param>
/// <param name="DataType">Element type.</param>
/// <param name="FillValue">Value of elements never written.</param>
public sealed record DggsArray(string Name, DataType DataType, double FillValue);
