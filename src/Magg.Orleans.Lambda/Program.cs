using System.Runtime.InteropServices;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Lambda.Cells;
using Magg.Orleans.Lambda.Runtime;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Granules;

// The function's process: read the settings, build the cell worker, then serve invocations. Whatever stops the start
// (a bad variable included) is posted to the Runtime API's init/error, where Lambda reports it, and ends the process.
var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrWhiteSpace(runtimeApi))
{
    await Console.Error.WriteLineAsync(
        "bootstrap: AWS_LAMBDA_RUNTIME_API is not set: bootstrap is a Lambda custom runtime and runs inside Lambda (or an emulator that sets it)").ConfigureAwait(false);
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => stop.Cancel());
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
var runtime = new RuntimeApiClient(http, runtimeApi.Trim());
var time = TimeProvider.System;
var output = Console.Out;
RuntimeLoop loop;
GranuleHttpClients? clients = null;
try
{
    // The silo's access policy and drivers, from the function's variables: an event sent straight to the function reads
    // and writes no more than a run on a cluster silo may.
    var settings = FunctionSettings.Read(Environment.GetEnvironmentVariable);
    var policy = new AccessPolicy(settings.Access);
    clients = new GranuleHttpClients(policy, Environment.GetEnvironmentVariable);
    var granules = GranuleDrivers.Create(settings.Granules, policy, clients, new LocalGranuleSource(), time, Environment.GetEnvironmentVariable);
    var processor = new CellProcessor(granules, time, new LineLogger<CellProcessor>(settings.LogLevel, output));
    var worker = new CellWorker(processor, time, new LineLogger<CellWorker>(settings.LogLevel, output));
    var function = new CellFunction(settings, policy, worker, time, new LineLogger<CellFunction>(settings.LogLevel, output));
    loop = new RuntimeLoop(runtime, function, time, new LineLogger<RuntimeLoop>(settings.LogLevel, output));
}
catch (Exception e)
{
    clients?.Dispose();
    await Console.Error.WriteLineAsync($"bootstrap: the function cannot start: {e.Message}").ConfigureAwait(false);
    await runtime.ReportInitErrorAsync("Runtime.InitError", e.Message, stop.Token).ConfigureAwait(false);
    return 1;
}

try
{
    await loop.RunAsync(stop.Token).ConfigureAwait(false);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Lambda is shutting the execution environment down.
}
finally
{
    clients.Dispose();
}

return 0;
