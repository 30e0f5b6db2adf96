namespace Magg.Orleans;

/// <summary>Where cell work runs.</summary>
public static class AggBackends
{
    /// <summary>In the Orleans cluster the client is attached to (an embedded silo by default).</summary>
    public const string Local = "local";

    /// <summary>In an AWS Lambda function per cell.</summary>
    public const string Lambda = "lambda";

    /// <summary>Every backend name.</summary>
    public static IReadOnlyList<string> All { get; } = [Local, Lambda];
}
