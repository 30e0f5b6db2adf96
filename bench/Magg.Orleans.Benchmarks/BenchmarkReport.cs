using System.Diagnostics;
using System.Globalization;

namespace Magg.Orleans.Benchmarks;

/// <summary>Prints figures as aligned "section  metric  value unit" lines.</summary>
internal sealed class BenchmarkReport(TextWriter output)
{
    /// <summary>Folder of the shared test data (fixtures, golden vectors), copied next to the benchmark.</summary>
    public static string DataRoot { get; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Prints one figure.</summary>
    public void Figure(string section, string metric, double value, string unit) =>
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-10} {1,-58} {2,14:N2} {3}", section, metric, value, unit));

    /// <summary>Prints a note (what was measured, on what).</summary>
    public void Note(string section, string text) => output.WriteLine($"{section,-10} # {text}");

    /// <summary>Runs <paramref name="action"/> <paramref name="repeats"/> times and returns the best wall time in seconds.</summary>
    public static double BestOf(int repeats, Action action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Async variant of <see cref="BestOf(int, Action)"/>.</summary>
    public static async Task<double> BestOfAsync(int repeats, Func<Task> action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await action().ConfigureAwait(false);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }
}
