using System.Diagnostics;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Synthetic.Tests;

/// <summary>Runs the HDF5 C library's h5dump on a file (skips the test loudly when it is not installed).</summary>
internal static class H5Dump
{
    public static async Task<string> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var executable = ExternalTool.Require("h5dump", "apt-get install hdf5-tools");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"h5dump {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        return await output;
    }
}
