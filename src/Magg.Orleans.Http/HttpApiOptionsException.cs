namespace Magg.Orleans.Http;

/// <summary>An HTTP API setting that cannot be used; the message is one line naming the flag (never a token).</summary>
public sealed class HttpApiOptionsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HttpApiOptionsException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public HttpApiOptionsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public HttpApiOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
