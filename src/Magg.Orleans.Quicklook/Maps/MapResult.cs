namespace Magg.Orleans.Quicklook.Maps;

/// <summary>A rendered quicklook: the PNG and what it shows.</summary>
/// <param name="Png">The image, PNG-encoded (RGBA; cells without data are transparent).</param>
/// <param name="Frame">Where the map is in the image: <see cref="MapFrame.TryToPixel"/> finds a point's pixel.</param>
/// <param name="Variable">The array shown.</param>
/// <param name="Label">The colour bar's label: units from the array's attributes, else the variable's name.</param>
/// <param name="Group">The DGGS group.</param>
/// <param name="RunId">The run named in the title, or null.</param>
/// <param name="CellOrder">HEALPix order of the stored cells.</param>
/// <param name="DisplayOrder">Order the cells are drawn at (coarser than <paramref name="CellOrder"/> when they are under a pixel and 1/2 across).</param>
/// <param name="CellsWithData">Stored cells holding a value.</param>
/// <param name="DataMin">The smallest value drawn (NaN when there is none).</param>
/// <param name="DataMax">The largest value drawn (NaN when there is none).</param>
/// <param name="VMin">Value at the bottom of the colour scale.</param>
/// <param name="VMax">Value at the top of the colour scale.</param>
/// <param name="Colormap">The colormap.</param>
public sealed record MapResult(
    byte[] Png,
    MapFrame Frame,
    string Variable,
    string Label,
    string Group,
    string? RunId,
    int CellOrder,
    int DisplayOrder,
    int CellsWithData,
    double DataMin,
    double DataMax,
    double VMin,
    double VMax,
    Colormap Colormap)
{
    /// <summary>The projection.</summary>
    public MapProjectionKind Projection => Frame.Projection.Kind;
}
