using System.Text.Json.Nodes;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>A group of a Zarr v3 store as read by <see cref="ZarrDggsReader"/>.</summary>
/// <param name="Path">Path from the store's root, e.g. <c>12</c> ("" for the root).</param>
/// <param name="Attributes">The group's attributes (the <c>dggs</c> convention and <c>magg</c> records of our stores).</param>
/// <param name="Arrays">Names of the arrays directly in the group, in ordinal order.</param>
public sealed record ZarrGroupMetadata(string Path, JsonObject Attributes, IReadOnlyList<string> Arrays)
{
    /// <summary>The HEALPix order of a DGGS group (<c>dggs.refinement_level</c>), or null when the group is not a HEALPix nested DGGS group.</summary>
    public int? HealpixOrder =>
        Attributes["dggs"] is JsonObject dggs
        && dggs["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && dggs["name"]!.GetValue<string>() == "healpix"
        && (dggs["indexing_scheme"]?.ToString() ?? "nested") == "nested"
        && dggs["refinement_level"] is JsonValue level && level.TryGetValue<int>(out var order)
            ? order
            : null;
}
