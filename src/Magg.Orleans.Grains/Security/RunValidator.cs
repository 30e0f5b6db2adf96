using System.Globalization;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Security;

/// <summary>
/// The silo's own check of everything a client sends, at the start of a run (<see cref="CheckRun"/>), when a batch is
/// loaded (<see cref="CheckBatch"/>) and when a cell is processed (<see cref="CheckCell"/>): the config parses within the
/// silo's <see cref="InputLimits"/> and fits the catalog's orders, caps on workers, cells and granules hold, the store is
/// one the silo may write, and no granule address carries credentials. A caller that skips the client library's planner
/// meets exactly these refusals.
/// </summary>
public sealed class RunValidator(PipelineCache pipelines, AccessPolicy policy, IOptions<InputLimits> options)
{
    private static readonly string[] Drivers = ["s3", "https"];
    private static readonly string[] Backends = ["local", "lambda"];
    private static readonly string[] Compressions = ["none", "zstd", "gzip"];

    private InputLimits Limits => options.Value;

    /// <summary>Checks a run's header.</summary>
    /// <exception cref="RunRefusedException">The run is refused; the message says why.</exception>
    public void CheckRun(RunHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        CheckShared(header.RunId, header.ConfigYaml, header.Store, header.Driver, header.ParentOrder, header.TotalCatalogCells);
        Require(Backends.Contains(header.Backend, StringComparer.Ordinal), $"backend '{header.Backend}' is not one of: {string.Join(", ", Backends)}");
        Require(header.MaxWorkers >= 1 && header.MaxWorkers <= Limits.MaxWorkers,
            $"max_workers {Text(header.MaxWorkers)} is not between 1 and the cluster's cap of {Text(Limits.MaxWorkers)} (Magg:Limits:MaxWorkers)");
        Require(header.SelectedCells >= 0 && header.SelectedCells <= Limits.MaxCellsPerRun,
            $"the run has {Text(header.SelectedCells)} cells; the cluster takes at most {Text(Limits.MaxCellsPerRun)} per run (Magg:Limits:MaxCellsPerRun)");
        Require(header.SelectedCells <= header.TotalCatalogCells,
            $"the run selects {Text(header.SelectedCells)} cells of a catalog of {Text(header.TotalCatalogCells)}");
        Require(header.BatchCount >= 0 && header.BatchCount <= header.TotalCatalogCells, $"batch count {Text(header.BatchCount)} does not fit the catalog");
    }

    /// <summary>Checks a batch before it enters grain state.</summary>
    /// <exception cref="RunRefusedException">The batch is refused; the message says why.</exception>
    public void CheckBatch(RunContext context, BatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        CheckContext(context);
        Require(plan.Cells.Length is >= 1 and <= BatchPlan.MaxCells && plan.CatalogMortons.Length <= BatchPlan.MaxCells,
            $"batch {Text(plan.BatchIndex)} has {Text(plan.Cells.Length)} cells; a batch has 1 to {Text(BatchPlan.MaxCells)}");
        Require(plan.FirstChunkIndex == plan.Cells[0].ChunkIndex && plan.Cells.Zip(plan.Cells.Skip(1)).All(p => p.First.ChunkIndex < p.Second.ChunkIndex),
            $"batch {Text(plan.BatchIndex)} does not list its cells in catalog order from chunk {Text(plan.FirstChunkIndex)}");
        foreach (var cell in plan.Cells)
        {
            CheckPlannedCell(cell, context.TotalCatalogCells);
        }
    }

    /// <summary>Checks a cell's work before anything is read or written.</summary>
    /// <exception cref="RunRefusedException">The cell is refused; the message says why.</exception>
    public void CheckCell(CellWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        CheckContext(work.Context);
        CheckPlannedCell(work.Cell, work.Context.TotalCatalogCells);
    }

    private void CheckContext(RunContext context) =>
        CheckShared(context.RunId, context.ConfigYaml, context.Store, context.Driver, context.ParentOrder, context.TotalCatalogCells);

    private void CheckShared(string runId, string configYaml, StoreSpec store, string driver, int parentOrder, int totalCells)
    {
        Require(!string.IsNullOrWhiteSpace(runId) && runId.Length <= 200, "the run id is empty or longer than 200 characters");
        Require(Drivers.Contains(driver, StringComparer.Ordinal), $"driver '{driver}' is not one of: {string.Join(", ", Drivers)}");
        Require(totalCells >= 1 && totalCells <= Limits.MaxCatalogCells,
            $"a catalog of {Text(totalCells)} cells is not between 1 and the cluster's cap of {Text(Limits.MaxCatalogCells)} (Magg:Limits:MaxCatalogCells)");
        Require(Compressions.Contains(store.Compression, StringComparer.Ordinal), $"compression '{store.Compression}' is not one of: {string.Join(", ", Compressions)}");
        if (policy.CheckStore(store.Location, store.ServiceUrl) is { } refusal)
        {
            throw new RunRefusedException($"store {Redact(store.Location)}: refused by the silo's access policy: {refusal}");
        }

        try
        {
            var config = pipelines.Get(configYaml).Pipeline.Config;
            PipelineConfigLoader.CheckParentOrder(config, parentOrder, Limits, "run config");
        }
        catch (ConfigException e)
        {
            // Not wrapped: the client gets the message, and the config exception has no wire form.
            throw new RunRefusedException(e.Message);
        }
    }

    private void CheckPlannedCell(PlannedCell cell, int totalCells)
    {
        Require(cell.ChunkIndex >= 0 && cell.ChunkIndex < totalCells,
            $"cell {Id(cell.ParentMorton)} has chunk index {Text(cell.ChunkIndex)}, outside the catalog of {Text(totalCells)}");
        Require(cell.Granules.Length <= Limits.MaxGranulesPerCell,
            $"cell {Id(cell.ParentMorton)} lists {Text(cell.Granules.Length)} granules; the cluster takes at most {Text(Limits.MaxGranulesPerCell)} per cell (Magg:Limits:MaxGranulesPerCell)");
        foreach (var granule in cell.Granules)
        {
            CheckGranule(cell.ParentMorton, granule);
        }
    }

    private void CheckGranule(long parentMorton, string granule)
    {
        Require(granule.Length <= Limits.MaxGranuleLength,
            $"cell {Id(parentMorton)} lists a granule address of {Text(granule.Length)} characters; at most {Text(Limits.MaxGranuleLength)} (Magg:Limits:MaxGranuleLength)");
        Require(Uri.TryCreate(granule, UriKind.Absolute, out var address), $"cell {Id(parentMorton)}: granule '{Redact(granule)}' is not an absolute address");
        Require(address!.UserInfo.Length == 0 && address.Query.Length == 0 && address.Fragment.Length == 0,
            $"cell {Id(parentMorton)}: granule {GranuleNames.Display(address)} carries user info, a query string or a fragment (a pre-signed URL?); granule addresses must not carry credentials");
    }

    private static string Redact(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && !url.IsFile ? GranuleNames.Display(url) : text.Split('?')[0];

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new RunRefusedException(problem);
        }
    }

    private static string Text(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);
}
