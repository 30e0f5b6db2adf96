using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Quicklook.Reports;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// Quicklook maps of a DGGS Zarr store (what <c>magg-orleans plot</c> draws): one variable of one HEALPix group,
/// cells coloured by value on a transparent background, with a colour bar, graticule and titles.
/// </summary>
/// <example>
/// <code>
/// using var store = ObjectStoreFactory.Open("out.zarr");
/// var map = await QuicklookMap.RenderAsync(store, new MapRequest { Variable = "h_mean" });
/// await File.WriteAllBytesAsync("map.png", map.Png);
/// </code>
/// </example>
public static class QuicklookMap
{
    /// <summary>Smallest image side accepted.</summary>
    public const int MinSize = 200;

    /// <summary>Largest image side accepted.</summary>
    public const int MaxSize = 8000;

    /// <summary>Reads the store and draws the map <paramref name="request"/> asks for.</summary>
    /// <exception cref="QuicklookException">Bad options (size, colour range, colormap) or a group that is not a HEALPix DGGS group.</exception>
    /// <exception cref="ZarrReadException">No store, no such group or variable (the message lists what there is), or an unreadable array.</exception>
    public static async Task<MapResult> RenderAsync(IObjectStore store, MapRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var colormap = Validate(request);
        var reader = await ZarrDggsReader.OpenAsync(store, cancellationToken).ConfigureAwait(false);
        var group = await ResolveGroupAsync(reader, request.Group, cancellationToken).ConfigureAwait(false);
        var order = group.HealpixOrder
            ?? throw new QuicklookException($"Group '{group.Path}' of {store.Location} is not a HEALPix nested DGGS group (its dggs attribute is missing or names another grid).");
        var coordinate = group.Attributes["dggs"]?["coordinate"]?.ToString() ?? DggsLayout.CellIdsName;
        var variable = await reader.OpenArrayAsync(group, request.Variable, cancellationToken).ConfigureAwait(false);
        var cellIds = await reader.OpenArrayAsync(group, coordinate, cancellationToken).ConfigureAwait(false);
        var cells = await CellValues.LoadAsync(reader, variable, cellIds, order, request.ReadConcurrency, cancellationToken).ConfigureAwait(false);
        var runId = request.RunId ?? await RunReportWriter.ReadLastRunIdAsync(store, cancellationToken).ConfigureAwait(false);

        var plan = MapPlan.Create(cells, request, colormap, MapRenderer.MapArea(request.Width, request.Height));
        var label = Label(variable);
        var text = Describe(store.Location, group.Path, variable, runId, cells, plan, colormap, label);
        var png = MapRenderer.Render(plan, colormap, request.Width, request.Height, text, request.Graticule);
        return new MapResult(png, plan.Frame, variable.Name, label, group.Path, runId, order, plan.DisplayOrder, cells.Count,
            plan.DataRange.Min, plan.DataRange.Max, plan.Scale.Min, plan.Scale.Max, colormap);
    }

    private static Colormap Validate(MapRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Variable))
        {
            throw new QuicklookException("No variable to plot: name one of the store's arrays (e.g. h_mean).");
        }

        if (request.Width is < MinSize or > MaxSize || request.Height is < MinSize or > MaxSize)
        {
            throw new QuicklookException($"An image of {request.Width} x {request.Height} pixels is not drawn: each side must be {MinSize}..{MaxSize}.");
        }

        foreach (var (name, value) in new[] { ("vmin", request.VMin), ("vmax", request.VMax) })
        {
            if (value is { } v && !double.IsFinite(v))
            {
                throw new QuicklookException($"{name} must be a finite number, not {v.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        if (request.VMin is { } min && request.VMax is { } max && !(min < max))
        {
            throw new QuicklookException(string.Create(CultureInfo.InvariantCulture, $"vmin ({min:G6}) must be below vmax ({max:G6})."));
        }

        return Colormap.Get(request.Colormap);
    }

    private static async Task<ZarrGroupMetadata> ResolveGroupAsync(ZarrDggsReader reader, string? path, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            return await reader.OpenGroupAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var dggs = new List<ZarrGroupMetadata>();
        foreach (var candidate in await reader.ListGroupsAsync(cancellationToken).ConfigureAwait(false))
        {
            var group = await reader.OpenGroupAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (group.HealpixOrder is not null)
            {
                dggs.Add(group);
            }
        }

        return dggs switch
        {
            [var only] => only,
            [] => throw new ZarrReadException($"{reader.Location} has no HEALPix DGGS group to plot."),
            _ => throw new QuicklookException($"{reader.Location} has several HEALPix groups ({string.Join(", ", dggs.Select(g => g.Path))}): choose one with the group option."),
        };
    }

    private static string Label(ZarrArrayMetadata variable) =>
        variable.Attributes["units"] is JsonValue units && units.ToString() is { Length: > 0 } text ? $"{variable.Name} [{text}]" : variable.Name;

    private static MapText Describe(string location, string group, ZarrArrayMetadata variable, string? runId, CellValues cells, MapPlan plan,
        Colormap colormap, string label)
    {
        var title = variable.Attributes["long_name"] is JsonValue longName ? $"{variable.Name} \u2014 {longName}" : variable.Name;
        var subtitle = $"{location} \u00b7 group {group}" + (runId is null ? "" : $" \u00b7 run {runId}");
        var drawn = plan.DisplayOrder < cells.Order
            ? string.Create(CultureInfo.InvariantCulture, $" \u00b7 drawn at order {plan.DisplayOrder} (mean of up to {1L << (2 * (cells.Order - plan.DisplayOrder)):N0} cells)")
            : "";
        var footer = string.Create(CultureInfo.InvariantCulture,
            $"{plan.Frame.Projection.Name} \u00b7 HEALPix order {cells.Order}, {cells.Count:N0} cells with data{drawn} \u00b7 {colormap.Name} \u00b7 graticule {plan.GraticuleStep.Latitude:0.#}\u00b0 / {plan.GraticuleStep.Longitude:0.#}\u00b0");
        if (cells.Count == 0)
        {
            footer = $"{plan.Frame.Projection.Name} \u00b7 HEALPix order {cells.Order} \u00b7 no cell of {variable.Name} holds a value";
        }

        return new MapText(title, subtitle, footer, label);
    }
}
