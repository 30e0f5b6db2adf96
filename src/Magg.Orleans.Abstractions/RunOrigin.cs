namespace Magg.Orleans;

/// <summary>How a run was asked for, as its report shows it. Never holds a credential: URLs keep neither user info nor query.</summary>
/// <param name="Config">The config as given: a built-in name, a file, or <c>inline</c> (YAML sent with the request).</param>
/// <param name="Catalog">The catalog as given (a path or URL), <c>inline</c> for one sent with the request, null for the config's.</param>
/// <param name="MaxCells">The <c>max_cells</c> option.</param>
/// <param name="MortonCell">The <c>morton_cell</c> option.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.RunOrigin")]
public sealed record RunOrigin(string Config, string? Catalog, int? MaxCells, long? MortonCell);
