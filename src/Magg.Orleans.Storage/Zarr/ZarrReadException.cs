namespace Magg.Orleans.Storage.Zarr;

/// <summary>
/// A Zarr store could not be read as asked: it is not there, has no such group or array, or uses a feature this reader
/// does not support. The message names the store, the node and, where it helps, what there is instead.
/// </summary>
public sealed class ZarrReadException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public ZarrReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public ZarrReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (serializers).</summary>
    public ZarrReadException()
    {
    }
}
