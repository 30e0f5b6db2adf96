namespace Magg.Orleans.Grains.Security;

/// <summary>A cell did not finish within the silo's cell deadline (<see cref="CellLimitsOptions.Deadline"/>); not retried.</summary>
public sealed class CellDeadlineException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public CellDeadlineException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public CellDeadlineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public CellDeadlineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
