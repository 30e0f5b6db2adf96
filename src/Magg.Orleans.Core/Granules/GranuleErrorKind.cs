namespace Magg.Orleans.Core.Granules;

/// <summary>Why a granule (or a part of it) could not be read.</summary>
public enum GranuleErrorKind
{
    /// <summary>The object or file does not exist (HTTP 404, missing file).</summary>
    NotFound,
    /// <summary>The credentials were refused (HTTP 401/403 other than expiry).</summary>
    AccessDenied,
    /// <summary>The temporary credentials or token have expired; refresh them and retry.</summary>
    CredentialsExpired,
    /// <summary>The server kept failing (5xx, throttling, timeouts, resets) after retries; worth retrying later.</summary>
    Transient,
    /// <summary>The bytes are not a readable HDF5 granule, or a dataset has an unsupported type or shape.</summary>
    Corrupt,
    /// <summary>A group or dataset named by the config is not in the granule.</summary>
    MissingData,
    /// <summary>A request the server or driver cannot serve (bad URL, other 4xx).</summary>
    BadRequest,
    /// <summary>The silo's access policy refuses the address (outside its allowlists, a private address, not a regular file); never opened, never retried.</summary>
    Refused,
}
