using Amazon.Runtime;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

public sealed class DynamoDbGrainStorageOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreAValidOnDemandTable()
    {
        var options = new DynamoDbGrainStorageOptions();

        new DynamoDbGrainStorageOptionsValidator(options, "dyn").ValidateConfiguration();

        Assert.Equal("OrleansGrainState", options.TableName);
        Assert.True(options.CreateTableIfNotExists);
        Assert.Null(options.Credentials);
    }

    [Theory]
    [InlineData("", null, "TableName")]
    [InlineData("grains", "not a url", "ServiceUrl")]
    public void InvalidSettings_AreRejectedNamingProviderAndKey(string table, string? serviceUrl, string key)
    {
        var options = new DynamoDbGrainStorageOptions { TableName = table, ServiceUrl = serviceUrl };

        var error = Assert.Throws<OrleansConfigurationException>(
            () => new DynamoDbGrainStorageOptionsValidator(options, "dyn").ValidateConfiguration());

        Assert.Contains("'dyn'", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationMessages_NeverContainCredentials()
    {
        var options = new DynamoDbGrainStorageOptions
        {
            TableName = " ",
            Credentials = new BasicAWSCredentials("AKIAEXAMPLEKEY", "s3cr3t-value"),
        };

        var error = Assert.Throws<OrleansConfigurationException>(
            () => new DynamoDbGrainStorageOptionsValidator(options, "dyn").ValidateConfiguration());

        Assert.DoesNotContain("AKIAEXAMPLEKEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", error.Message, StringComparison.Ordinal);
    }
}
