using System.Globalization;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>A silo process of the test's cluster and its ports.</summary>
/// <param name="Process">The process.</param>
/// <param name="SiloPort">Its silo-to-silo port (how management calls name it).</param>
/// <param name="GatewayPort">Its client gateway port.</param>
public sealed record SiloProcess(ChildProcess Process, int SiloPort, int GatewayPort)
{
    /// <summary>Its gateway as clients name it.</summary>
    public string Gateway => "127.0.0.1:" + GatewayPort.ToString(CultureInfo.InvariantCulture);
}
