namespace Magg.Orleans.Storage.Lambda;

/// <summary>A cell event or response that cannot be read, or that this build cannot serve; the message says why.</summary>
public sealed class CellEventException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CellEventException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CellEventException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CellEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
