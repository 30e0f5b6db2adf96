namespace Magg.Orleans.Quicklook.Reports;

/// <summary>A granule, or one group of it, that a cell could not read.</summary>
/// <param name="Granule">The granule as the catalog lists it.</param>
/// <param name="Group">The group (beam), or null when the whole granule failed.</param>
/// <param name="Reason">Why.</param>
public sealed record RunReportFailure(string Granule, string? Group, string Reason);
