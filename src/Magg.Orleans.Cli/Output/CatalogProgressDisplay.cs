using System.Globalization;
using Magg.Orleans.Catalog;
using Spectre.Console;

namespace Magg.Orleans.Cli.Output;

/// <summary>Runs a catalog build with a live progress bar on a terminal (pages, then footprints), or plain lines otherwise.</summary>
internal static class CatalogProgressDisplay
{
    public static async Task<BuiltCatalog> RunAsync(CliConsole console, CatalogBuilder builder, CatalogQuery query, CancellationToken cancellationToken)
    {
        if (!console.IsInteractive)
        {
            return await builder.BuildAsync(query, new PlainProgress(console.Out), cancellationToken).ConfigureAwait(false);
        }

        BuiltCatalog? catalog = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var search = context.AddTask("CMR search", maxValue: 1);
                var intersect = context.AddTask("footprints x cells", maxValue: 1, autoStart: false);
                var progress = new Progress<CatalogProgress>(p =>
                {
                    search.MaxValue = Math.Max(1, p.Hits);
                    search.Value = p.Granules;
                    search.Description = string.Create(CultureInfo.InvariantCulture, $"CMR search: page {p.Pages}, {p.Granules:N0}/{p.Hits:N0} granules");
                    if (p.Granules > 0)
                    {
                        // Each page is intersected while the next one downloads.
                        intersect.StartTask();
                        intersect.MaxValue = p.Granules;
                        intersect.Value = p.Phase == CatalogPhase.Done ? p.Granules : p.Mapped;
                        intersect.Description = p.Phase == CatalogPhase.Done
                            ? string.Create(CultureInfo.InvariantCulture, $"footprints x cells: {p.Cells:N0} cells")
                            : string.Create(CultureInfo.InvariantCulture, $"footprints x cells: {p.Mapped:N0}/{p.Granules:N0}");
                    }

                    if (p.Phase >= CatalogPhase.Intersecting)
                    {
                        search.Value = search.MaxValue;
                    }
                });
                catalog = await builder.BuildAsync(query, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return catalog!;
    }

    /// <summary>A line per page, per tenth of the footprints, and at the end.</summary>
    private sealed class PlainProgress(TextWriter output) : IProgress<CatalogProgress>
    {
        private readonly Lock _lock = new();
        private readonly DateTimeOffset _started = TimeProvider.System.GetUtcNow();
        private (CatalogPhase, int, int)? _last;

        public void Report(CatalogProgress value)
        {
            lock (_lock)
            {
                var tenth = value.Granules == 0 ? 0 : value.Mapped * 10 / value.Granules;
                var key = (value.Phase, value.Pages, tenth);
                if (key == _last)
                {
                    return;
                }

                _last = key;
                var elapsed = (TimeProvider.System.GetUtcNow() - _started).TotalSeconds;
                output.WriteLine(value.Phase switch
                {
                    CatalogPhase.Covering => string.Create(CultureInfo.InvariantCulture, $"[{elapsed,7:F1}s] area: {value.AreaCells:N0} parent cells"),
                    CatalogPhase.Searching => string.Create(CultureInfo.InvariantCulture, $"[{elapsed,7:F1}s] CMR: page {value.Pages}, {value.Granules:N0}/{value.Hits:N0} granules"),
                    CatalogPhase.Intersecting => string.Create(CultureInfo.InvariantCulture, $"[{elapsed,7:F1}s] footprints x cells: {value.Mapped:N0}/{value.Granules:N0}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"[{elapsed,7:F1}s] done: {value.Cells:N0} cells"),
                });
            }
        }
    }
}
