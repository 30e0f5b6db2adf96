using Magg.Orleans.Silo;

return await SiloCommandLine.RunAsync(args).ConfigureAwait(false);
