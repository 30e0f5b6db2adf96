namespace Magg.Orleans;

/// <summary>
/// AWS Lambda's published on-demand prices (first tier; the same in us-west-2 and us-east-1): what a run's
/// <c>lambda_cost_usd</c> is reckoned with unless a run names its own price.
/// </summary>
public static class LambdaPricing
{
    /// <summary>The arm64 (Graviton) architecture.</summary>
    public const string Arm64 = "arm64";

    /// <summary>The x86_64 architecture.</summary>
    public const string X86 = "x86_64";

    /// <summary>USD per GB-second on arm64.</summary>
    public const double Arm64PerGbSecond = 0.0000133334;

    /// <summary>USD per GB-second on x86_64.</summary>
    public const double X86PerGbSecond = 0.0000166667;

    /// <summary>USD per request ($0.20 per million), either architecture.</summary>
    public const double PerRequest = 0.0000002;

    /// <summary>The architectures.</summary>
    public static IReadOnlyList<string> Architectures { get; } = [Arm64, X86];

    /// <summary>The price per GB-second of <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentException">Not an architecture Lambda has.</exception>
    public static double PerGbSecond(string architecture) => architecture switch
    {
        Arm64 => Arm64PerGbSecond,
        X86 => X86PerGbSecond,
        _ => throw new ArgumentException($"Unknown Lambda architecture '{architecture}'; choose {Arm64} or {X86}.", nameof(architecture)),
    };
}
