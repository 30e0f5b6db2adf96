using System.Text;
using Amazon.DynamoDBv2.Model;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>Asserts that no attribute value of any item contains the moto access key or secret.</summary>
internal static class CredentialScan
{
    public static void AssertNoCredentials(IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        string[] secrets = [MotoServer.AccessKey, MotoServer.SecretKey];
        foreach (var item in items)
        {
            foreach (var (name, value) in item)
            {
                foreach (var text in Texts(value))
                {
                    foreach (var secret in secrets)
                    {
                        Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"attribute '{name}' contains a credential");
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Texts(AttributeValue value)
    {
        if (value.S is not null)
        {
            yield return value.S;
        }

        if (value.N is not null)
        {
            yield return value.N;
        }

        if (value.B is not null)
        {
            // Latin-1 maps every byte to one char, so an ASCII secret anywhere in the payload shows up as a substring.
            yield return Encoding.Latin1.GetString(value.B.ToArray());
        }

        foreach (var nested in (value.L ?? []).Concat(value.M?.Values ?? Enumerable.Empty<AttributeValue>()))
        {
            foreach (var text in Texts(nested))
            {
                yield return text;
            }
        }
    }
}
