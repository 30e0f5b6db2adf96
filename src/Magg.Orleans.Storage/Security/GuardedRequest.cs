namespace Magg.Orleans.Storage.Security;

/// <summary>What the guarded handlers tell each other through a request's options.</summary>
internal static class GuardedRequest
{
    /// <summary>Set on a request made to follow a redirect: the host of the first request.</summary>
    public static HttpRequestOptionsKey<string> FirstHost { get; } = new("magg.first-host");
}
