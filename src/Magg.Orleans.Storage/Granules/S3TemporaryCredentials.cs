namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Temporary S3 credentials as NSIDC's <c>s3credentials</c> endpoint hands them out (valid about an hour).
/// <see cref="ToString"/> shows none of the secrets.
/// </summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret key.</param>
/// <param name="SessionToken">The session token; empty for long-term keys.</param>
/// <param name="Expiration">When they expire, if known; pre-signed URLs never outlive it.</param>
public sealed record S3TemporaryCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset? Expiration = null)
{
    /// <summary>The key id's first four characters and the expiry; never the secret or the token.</summary>
    public override string ToString() =>
        $"S3TemporaryCredentials {{ AccessKeyId = {Redact(AccessKeyId)}, SecretAccessKey = ***, SessionToken = ***, Expiration = {Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} }}";

    private static string Redact(string value) => value.Length <= 4 ? "***" : value[..4] + "***";
}
