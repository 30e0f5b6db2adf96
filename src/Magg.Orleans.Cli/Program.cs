using Magg.Orleans.Cli;

return await MaggCli.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
