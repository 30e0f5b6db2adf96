namespace Magg.Orleans.Quicklook;

/// <summary>A quicklook was asked for with bad input (unknown colormap or projection, an empty colour range, a variable that is not numeric...); the message names it.</summary>
public sealed class QuicklookException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public QuicklookException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public QuicklookException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message (serializers).</summary>
    public QuicklookException()
    {
    }
}
