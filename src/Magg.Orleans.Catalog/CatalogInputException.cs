namespace Magg.Orleans.Catalog;

/// <summary>A catalog request that cannot be run as given (bad dates, area, order...); the message names the problem.</summary>
public sealed class CatalogInputException(string message, Exception? innerException = null) : Exception(message, innerException);
