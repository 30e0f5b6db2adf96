namespace Magg.Orleans.Core.Granules;

/// <summary>A granule could not be opened or read; <see cref="Kind"/> says why.</summary>
public sealed class GranuleAccessException : IOException
{
    /// <summary>Creates the exception.</summary>
    public GranuleAccessException(GranuleErrorKind kind, string granule, string message, Exception? innerException = null)
        : base($"{granule}: {message}", innerException)
    {
        Kind = kind;
        Granule = granule;
    }

    /// <summary>What went wrong.</summary>
    public GranuleErrorKind Kind { get; }

    /// <summary>The granule address (never includes credentials).</summary>
    public string Granule { get; }
}
