namespace Magg.Orleans.Core.Catalog;

/// <summary>A catalog that cannot be used; the message names the file, key and problem.</summary>
public sealed class CatalogException(string message, Exception? innerException = null) : Exception(message, innerException);
