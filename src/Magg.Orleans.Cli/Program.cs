using Magg.Orleans.Cli;

return await MaggCli.RunAsync(args).ConfigureAwait(false);
