namespace Magg.Orleans.Storage.Lambda;

/// <summary>A cell's event is larger than Lambda takes; it was not sent.</summary>
public sealed class LambdaPayloadTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LambdaPayloadTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LambdaPayloadTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LambdaPayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
