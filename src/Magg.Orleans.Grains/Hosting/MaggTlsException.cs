namespace Magg.Orleans.Grains.Hosting;

/// <summary>A TLS file that cannot be used; the message names it.</summary>
public sealed class MaggTlsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MaggTlsException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public MaggTlsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public MaggTlsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
