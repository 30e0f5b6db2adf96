using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Magg.Orleans.Silo;

/// <summary>Logs one line when the silo has joined its cluster: the cluster id, the silo's address and the active silos.</summary>
internal sealed partial class SiloJoinedLog(
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IOptions<ClusterOptions> cluster,
    ILogger<SiloJoinedLog> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloJoinedLog), ServiceLifecycleStage.Active, _ =>
        {
            var others = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(silo.SiloAddress));
            var active = others + 1;
            LogJoined(logger, cluster.Value.ClusterId, silo.SiloAddress, silo.GatewayAddress, active);
            return Task.CompletedTask;
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined cluster {ClusterId} as silo {SiloAddress} (gateway {GatewayAddress}); {ActiveSilos} active silos")]
    private static partial void LogJoined(ILogger logger, string clusterId, SiloAddress siloAddress, SiloAddress? gatewayAddress, int activeSilos);
}
