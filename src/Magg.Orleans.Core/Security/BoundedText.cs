using System.Text;

namespace Magg.Orleans.Core.Security;

/// <summary>Reads small text files without trusting them to be small.</summary>
internal static class BoundedText
{
    /// <summary>
    /// The text of a UTF-8 file (a byte-order mark is honoured, as <see cref="File.ReadAllTextAsync(string, CancellationToken)"/> does),
    /// or null when it holds more than <paramref name="maxBytes"/> bytes. At most <paramref name="maxBytes"/> + 1 bytes are
    /// ever read, so a device or pipe that never ends is refused like a large file.
    /// </summary>
    public static async Task<string?> ReadFileAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                return null;
            }

            var buffer = new byte[maxBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            if (total > maxBytes)
            {
                return null;
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, total), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
