namespace Magg.Orleans.Storage.Zarr;

/// <summary>The output store already holds a template this run cannot write into (and overwrite was not asked for).</summary>
public sealed class StoreConflictException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> names the store, what differs and the way out.</summary>
    public StoreConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (serializers).</summary>
    public StoreConflictException()
    {
    }
}
