namespace Magg.Orleans.Client;

/// <summary>An <c>agg()</c> request that cannot run; the message says which argument and why.</summary>
public sealed class AggRequestException(string message, Exception? innerException = null) : ArgumentException(message, innerException);
