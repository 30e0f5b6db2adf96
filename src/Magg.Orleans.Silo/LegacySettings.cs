namespace Magg.Orleans.Silo;

/// <summary>
/// Environment variables earlier builds documented. <c>Orleans__*</c> ones reach Orleans' own configuration section
/// (<c>Orleans__Clustering=Redis</c> made the silo die looking for a clustering provider named 'Default'), so a silo
/// that still has one refuses to start and names the setting that replaced it.
/// </summary>
internal static class LegacySettings
{
    private static readonly (string Variable, string Replacement)[] Replaced =
    [
        ("Orleans__Clustering", "--clustering"),
        ("Orleans__Redis", "--redis"),
        ("Orleans__ClusterId", "--cluster-id"),
        ("Orleans__ServiceId", "--service-id"),
        ("Orleans__SiloPort", "--silo-port"),
        ("Orleans__GatewayPort", "--gateway-port"),
        ("Orleans__AdvertisedAddress", "--advertise"),
        ("Magg__Storage", "--storage"),
        ("Magg__DynamoDB__TableName", "--dynamodb-table"),
        ("Magg__DynamoDB__ServiceUrl", "--dynamodb-endpoint"),
        ("Magg__DynamoDB__Region", "--region"),
    ];

    /// <exception cref="SiloHostOptionsException">An old variable is set.</exception>
    public static void Check(Func<string, string?> environment)
    {
        foreach (var (variable, replacement) in Replaced)
        {
            if (environment(variable) is not null)
            {
                var setting = SiloSettings.All.Single(s => s.Flag == replacement);
                throw new SiloHostOptionsException(
                    $"{variable} is no longer read; use {replacement} or {setting.EnvironmentVariable} (Orleans__* variables configure Orleans itself)");
            }
        }
    }
}
