namespace Magg.Orleans.TestSupport;

/// <summary>Removing what a test wrote.</summary>
public static class Folders
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it, retrying for a few seconds: a finished run still writes its report
    /// into its store (<c>_magg/runs/</c>) right after the run ends, and cells released at the end of a test may still write.
    /// Best effort: a leftover temp folder must not fail a test.
    /// </summary>
    public static void DeleteBestEffort(string path)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
