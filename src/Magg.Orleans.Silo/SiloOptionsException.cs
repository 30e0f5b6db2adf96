namespace Magg.Orleans.Silo;

/// <summary>A silo setting that cannot be used; the message is one line that names the flag.</summary>
public sealed class SiloOptionsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloOptionsException()
    {
    }

    /// <summary>Creates the exception with its one-line message.</summary>
    public SiloOptionsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public SiloOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
