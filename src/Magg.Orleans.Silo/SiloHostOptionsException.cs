namespace Magg.Orleans.Silo;

/// <summary>A silo setting that cannot be used; the message is one line that names the flag.</summary>
public sealed class SiloHostOptionsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloHostOptionsException()
    {
    }

    /// <summary>Creates the exception with its one-line message.</summary>
    public SiloHostOptionsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and cause.</summary>
    public SiloHostOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
