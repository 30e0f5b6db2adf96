using Microsoft.Extensions.Hosting;
using Magg.Orleans.Silo;

using var host = MaggSiloHost.Build(args);
await host.RunAsync().ConfigureAwait(false);
