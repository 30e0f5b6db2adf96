namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// A catalog that cannot be used. Errors in the catalog file carry their position: the message reads
/// <c>source:line:column: problem</c> (column counted in bytes), and <see cref="Line"/>, <see cref="Column"/> and
/// <see cref="ByteOffset"/> hold it.
/// </summary>
public sealed class CatalogException : Exception
{
    /// <summary>Creates an error without a position (a catalog that cannot be opened, a granule that cannot be addressed).</summary>
    public CatalogException(string message, Exception? innerException = null)
        : base(message, innerException) => Problem = message;

    /// <summary>Creates an error at a position in catalog <paramref name="source"/>.</summary>
    public CatalogException(string source, long line, long column, long? byteOffset, string problem, Exception? innerException = null)
        : base($"{source}:{line}:{column}: {problem}", innerException)
    {
        Problem = problem;
        Line = line;
        Column = column;
        ByteOffset = byteOffset;
    }

    /// <summary>What is wrong, without the source and position.</summary>
    public string Problem { get; }

    /// <summary>1-based line of the problem in the catalog file, when it is in the file.</summary>
    public long? Line { get; }

    /// <summary>1-based byte column of the problem within its line.</summary>
    public long? Column { get; }

    /// <summary>0-based byte offset of the problem from the start of the file, when known.</summary>
    public long? ByteOffset { get; }
}
