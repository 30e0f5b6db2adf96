using System.Globalization;

namespace Magg.Orleans.Storage.Lambda;

/// <summary>Where the Lambda API is: the AWS SDKs' standard endpoint variables, else AWS's regional endpoint.</summary>
public static class LambdaEndpoint
{
    /// <summary>
    /// <c>AWS_ENDPOINT_URL_LAMBDA</c>, else <c>AWS_ENDPOINT_URL</c>, else <c>https://lambda.{region}.amazonaws.com</c>
    /// (so tests and LocalStack-style emulators plug in as they do for the SDKs).
    /// </summary>
    public static Uri Resolve(string region) => Resolve(region, Environment.GetEnvironmentVariable);

    /// <summary><see cref="Resolve(string)"/> over the variables <paramref name="environment"/> returns.</summary>
    /// <exception cref="ArgumentException">A variable is set to something that is not an http(s) URL, or the region is not a region name.</exception>
    public static Uri Resolve(string region, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in new[] { "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL" })
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    ? url
                    : throw new ArgumentException($"{name} is '{value}', not an http(s) URL such as http://127.0.0.1:9001");
            }
        }

        return IsRegionName(region)
            ? new Uri(string.Create(CultureInfo.InvariantCulture, $"https://lambda.{region}.amazonaws.com"))
            : throw new ArgumentException($"'{region}' is not an AWS region name such as us-west-2");
    }

    /// <summary>True for names like <c>us-west-2</c> or <c>cn-north-1</c>: lower-case letters, digits and dashes.</summary>
    public static bool IsRegionName(string? region) =>
        region is { Length: > 0 and <= 32 } && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && region[0] != '-';
}
