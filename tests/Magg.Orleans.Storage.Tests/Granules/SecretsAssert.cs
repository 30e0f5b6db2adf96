namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>
/// Checks that no credential of the tests leaks into an exception (message, inner exceptions, stack text): the bearer
/// tokens, the session token and any pre-signed query. (moto's secret key is the word "testing", too common to search.)
/// </summary>
internal static class SecretsAssert
{
    private static readonly string[] Secrets =
    [
        GranuleFileServer.Token,
        GranuleFileServer.ExpiredToken,
        MotoBucket.Credentials.SessionToken,
        "X-Amz-Signature",
        "X-Amz-Security-Token",
    ];

    public static void Absent(Exception exception)
    {
        var text = exception.ToString();
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
