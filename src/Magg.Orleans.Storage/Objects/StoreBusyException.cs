namespace Magg.Orleans.Storage.Objects;

/// <summary>A store lock (or the store itself) is held by someone else; the message names the holder.</summary>
public sealed class StoreBusyException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> names the store and the holder.</summary>
    public StoreBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public StoreBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (serializers).</summary>
    public StoreBusyException()
    {
    }
}
