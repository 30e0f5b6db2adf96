using System.CommandLine;
using Magg.Orleans.Cli.Output;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>serve</c>: an embedded silo plus the HTTP API, until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var http = new Option<string>("--http")
        {
            Description = "Where the HTTP API listens: IP:PORT (port 0 picks a free one); beyond loopback it needs a token",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var tokenFile = new Option<string>("--token-file")
        {
            Description = $"File holding the bearer token every request must carry (default: {HttpApiOptions.TokenVariable}; without either, loopback only)",
        };
        var allow = new Option<string[]>("--allow-path")
        {
            Description = "A local folder runs may read catalogs and granules from and write stores into (repeat it for more); none by default",
        };
        var allowGranules = new Option<string[]>("--allow-granules")
        {
            Description = "Granule sources runs may read besides NSIDC's and the --allow-path folders: s3://bucket/prefix/ or https://host/prefix/ (repeatable)",
        };
        var allowStores = new Option<string[]>("--allow-stores")
        {
            Description = "S3 prefixes runs may write stores under: s3://bucket/prefix/ (repeatable); none by default",
        };
        var command = new Command("serve", "Start an embedded silo and the HTTP API (for notebooks and other languages) until Ctrl+C or SIGTERM")
        {
            http, tokenFile, allow, allowGranules, allowStores,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new CliConsole(parse);
            HttpApiOptions options;
            try
            {
                options = HttpApiOptions.Resolve(parse.GetRequiredValue(http), parse.GetValue(tokenFile), "--token-file",
                    name => Environment.GetEnvironmentVariable(name), parse.GetValue(allow));
            }
            catch (HttpApiOptionsException e)
            {
                return console.Fail(MaggCli.InvalidInput, e.Message);
            }

            await using var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                // Requests are judged by the silo's policy, as a gateway submission is; it allows what the flags name, nothing a request names.
                cluster.Services.GetRequiredService<AccessPolicy>().Grant([.. options.Folders, .. parse.GetValue(allowGranules) ?? []],
                    [.. options.Folders, .. parse.GetValue(allowStores) ?? []]);
            }
            catch (FormatException e)
            {
                return console.Fail(MaggCli.InvalidInput, e.Message);
            }

            var client = new MaggClient(cluster.Services.GetRequiredService<IClusterClient>(), TimeProvider.System);
            MaggHttpServer server;
            try
            {
                server = await MaggHttpServer.StartAsync(client, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpApiOptionsException e)
            {
                return console.Fail(MaggCli.RunFailed, e.Message);
            }

            await using (server.ConfigureAwait(false))
            {
                console.Out.WriteLine("embedded silo started (grain state in memory; runs end when this process stops)");
                console.Out.WriteLine(options.Folders.Count == 0
                    ? "local paths: none allowed (catalogs inline, s3:// or https:// granules, s3:// stores)"
                    : $"local paths allowed under: {string.Join(", ", options.Folders)}");
                console.Out.WriteLine(server.Banner);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    console.Out.WriteLine("stopping");
                }
            }

            return MaggCli.Success;
        });
        return command;
    }
}
