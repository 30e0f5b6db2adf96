using Microsoft.Extensions.Hosting;
using System.CommandLine;

namespace Magg.Orleans.Cli.Commands;

/// <summary><c>silo</c>: runs a silo host in the foreground (configuration as for the Magg.Orleans.Silo host).</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var extra = new Argument<string[]>("settings") { Description = "Host settings such as --Orleans:Clustering=Localhost", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("silo", "Run a Magg silo (Ctrl+C stops it)") { extra };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = parse.GetValue(extra) ?? [];
            using var host = Silo.MaggSiloHost.Build([.. args, .. parse.UnmatchedTokens]);
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return MaggCli.Success;
        });
        return command;
    }
}
