using Xunit;

namespace Magg.Orleans.TestSupport;

/// <summary>Finds programs the tests start (moto_server, h5dump, node) on the PATH.</summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on the PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The path of <paramref name="name"/>, or skips the calling test with a loud message naming the tool and how to
    /// install it (only when the tool truly is absent).
    /// </summary>
    public static string Require(string name, string installHint)
    {
        var found = Find(name);
        if (found is null)
        {
            var message = $"SKIPPED: '{name}' is not installed, so this test cannot start it. Install it with: {installHint}";
            Console.Error.WriteLine(message);
            Assert.Skip(message);
        }

        return found;
    }
}
