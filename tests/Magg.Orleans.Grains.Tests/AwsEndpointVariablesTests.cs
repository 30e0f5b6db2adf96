using Magg.Orleans.Grains.Hosting;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Silos take the S3 endpoint of granules and stores from the standard AWS variables unless one is configured.</summary>
public sealed class AwsEndpointVariablesTests
{
    [Theory]
    [InlineData(null, null, null, false, null, false)]
    [InlineData("http://s3-only:9000", null, null, false, "http://s3-only:9000", true)]
    [InlineData(null, "http://every-service:4566", null, false, "http://every-service:4566", true)]
    [InlineData("http://s3-only:9000", "http://every-service:4566", null, false, "http://s3-only:9000", true)]
    [InlineData("", "http://every-service:4566", null, false, "http://every-service:4566", true)]
    [InlineData("http://s3-only:9000", null, "http://configured:1", false, "http://configured:1", false)]
    public void S3Default_PrefersConfiguredThenS3ThenGeneralVariable(string? s3Variable, string? generalVariable, string? configured, bool configuredPathStyle,
        string? expectedUrl, bool expectedPathStyle)
    {
        var variables = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_S3"] = s3Variable, ["AWS_ENDPOINT_URL"] = generalVariable };

        var (url, pathStyle) = AwsEndpointVariables.S3Default(configured, configuredPathStyle, variables.GetValueOrDefault);

        Assert.Equal((expectedUrl, expectedPathStyle), (url, pathStyle));
    }
}
