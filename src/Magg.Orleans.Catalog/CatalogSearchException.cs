namespace Magg.Orleans.Catalog;

/// <summary>
/// The search for granules failed: CMR unreachable after retries, a request CMR rejected, or nothing found. The
/// message names the URL and the last error (never a token).
/// </summary>
public sealed class CatalogSearchException(string message, Exception? innerException = null) : Exception(message, innerException);
