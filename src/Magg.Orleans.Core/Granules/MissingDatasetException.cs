namespace Magg.Orleans.Core.Granules;

/// <summary>A dataset the config names is not in the granule.</summary>
internal sealed class MissingDatasetException(string message) : Exception(message);
