namespace Magg.Orleans.Grains.Lambda;

/// <summary>
/// How silos call Lambda for lambda-backend runs (configuration section <c>Magg:Lambda</c>). The endpoint defaults to the
/// AWS SDKs' <c>AWS_ENDPOINT_URL_LAMBDA</c> / <c>AWS_ENDPOINT_URL</c>, else AWS's regional endpoint; credentials come from
/// the AWS credential chain (an ECS task role) and never travel in an event.
/// </summary>
public sealed class LambdaOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Lambda";

    /// <summary>An endpoint for the Lambda API (an emulator); null: the standard variables, else AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>How long an invocation may take before it counts as a function timeout (default 15.5 minutes: Lambda's longest timeout and a margin).</summary>
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromMinutes(15.5);
}
