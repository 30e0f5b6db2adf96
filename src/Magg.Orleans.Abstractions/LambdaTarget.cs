namespace Magg.Orleans;

/// <summary>The Lambda function a lambda-backend run invokes, and how its cost is reckoned.</summary>
/// <param name="FunctionName">Function name or ARN.</param>
/// <param name="Region">The function's AWS region.</param>
/// <param name="Architecture"><c>arm64</c> or <c>x86_64</c>: which price applies.</param>
/// <param name="PricePerGbSecond">USD per GB-second of billed duration.</param>
/// <param name="PricePerRequest">USD per invocation.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.LambdaTarget")]
public sealed record LambdaTarget(string FunctionName, string Region, string Architecture, double PricePerGbSecond, double PricePerRequest)
{
    /// <summary>The estimated cost of <paramref name="gbSeconds"/> over <paramref name="invocations"/> invocations, in USD.</summary>
    public double Cost(double gbSeconds, long invocations) => gbSeconds * PricePerGbSecond + invocations * PricePerRequest;
}
