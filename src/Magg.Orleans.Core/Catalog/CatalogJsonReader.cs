using System.Globalization;
using System.Text;
using System.Text.Json;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// Reads a magg catalog as a stream of JSON tokens (<see cref="Utf8JsonReader"/> over a small, reused buffer), so a
/// catalog needs memory for what it holds, not for its text: the buffer, the cells and one copy of each distinct
/// granule name (a granule is listed under every cell it crosses). It refuses, with the position of the offending
/// token, what <see cref="InputLimits"/> caps and every key that appears twice in one object, at any depth (a JSON
/// object model would silently keep the last one).
/// </summary>
internal sealed partial class CatalogJsonReader
{
    /// <summary>Largest single token (or the whole metadata object) the buffer may grow to hold.</summary>
    public const int MaxTokenBytes = 4 * 1024 * 1024;

    private const int InitialBufferBytes = 64 * 1024;

    private readonly string _source;
    private readonly InputLimits _limits;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private long _countedTo;
    private long _lines;
    private long _lastNewline = -1;
    private long _bytesRead;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });

    private CatalogJsonReader(string source, InputLimits limits, byte[] buffer)
    {
        _source = source;
        _limits = limits;
        _buffer = buffer;
        _chars = new char[limits.MaxGranuleLength];
        _granuleNames = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Reads a whole catalog from <paramref name="stream"/>, refusing it once it passes <see cref="InputLimits.MaxCatalogBytes"/>.</summary>
    public static async Task<GranuleCatalog> ReadAsync(Stream stream, string? baseDirectory, string source, InputLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        if (stream.CanSeek && stream.Length - stream.Position > limits.MaxCatalogBytes)
        {
            throw new CatalogException(source, 1, 1, 0, SizeProblem(stream.Length - stream.Position, limits));
        }

        var reader = new CatalogJsonReader(source, limits, new byte[InitialBufferBytes]);
        do
        {
            reader.Compact();
            var read = await stream.ReadAsync(reader._buffer.AsMemory(reader._end), cancellationToken).ConfigureAwait(false);
            reader.Received(read);
        }
        while (!reader.Process());

        return reader.Finish(baseDirectory);
    }

    /// <summary>Reads a whole catalog held in memory.</summary>
    public static GranuleCatalog Read(byte[] json, string? baseDirectory, string source, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        if (json.LongLength > limits.MaxCatalogBytes)
        {
            throw new CatalogException(source, 1, 1, 0, SizeProblem(json.LongLength, limits));
        }

        var reader = new CatalogJsonReader(source, limits, json) { _end = json.Length, _bytesRead = json.Length, _final = true };
        reader.SkipByteOrderMark();
        if (!reader.Process())
        {
            throw new InvalidOperationException("A final block was not read to its end.");
        }

        return reader.Finish(baseDirectory);
    }

    private static string SizeProblem(long size, InputLimits limits) => string.Create(CultureInfo.InvariantCulture,
        $"the catalog is {size:N0} bytes, over the {limits.MaxCatalogBytes:N0}-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)");

    /// <summary>Drops consumed bytes (counting their line breaks) and makes room for more, growing the buffer when one token fills it.</summary>
    private void Compact()
    {
        if (_start > 0)
        {
            CountLinesTo(_bufferOffset + _start);
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxTokenBytes)
            {
                throw Error(_bufferOffset, string.Create(CultureInfo.InvariantCulture,
                    $"a single JSON value (a key, a granule, or the metadata object) is larger than {MaxTokenBytes:N0} bytes"));
            }

            Array.Resize(ref _buffer, Math.Min(MaxTokenBytes, _buffer.Length * 2));
        }
    }

    private void Received(int read)
    {
        var first = _bytesRead == 0;
        _bytesRead += read;
        _end += read;
        _final = read == 0;
        if (_bytesRead > _limits.MaxCatalogBytes)
        {
            throw Error(_limits.MaxCatalogBytes, string.Create(CultureInfo.InvariantCulture,
                $"the catalog is over the {_limits.MaxCatalogBytes:N0}-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)"));
        }

        if (first)
        {
            SkipByteOrderMark();
        }
    }

    private void SkipByteOrderMark()
    {
        if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
        {
            _start += 3;
        }
    }

    /// <summary>Reads every complete token in the buffer; true once the document has been read to its end.</summary>
    private bool Process()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            while (true)
            {
                var before = reader.BytesConsumed;
                var stateBefore = reader.CurrentState;
                if (!reader.Read())
                {
                    break;
                }

                if (!Handle(ref reader))
                {
                    // The metadata object is not all in the buffer yet: read it again once it is.
                    _start += (int)before;
                    _state = stateBefore;
                    return false;
                }
            }
        }
        catch (JsonException e)
        {
            throw SyntaxError(e);
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            throw Error(Offset(ref reader), "not valid JSON: a string is not valid UTF-8");
        }

        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return _final;
    }

    private long Offset(ref Utf8JsonReader reader) => _bufferOffset + _start + reader.TokenStartIndex;

    /// <summary>Line and column of absolute byte <paramref name="offset"/>, which must not precede any position asked for before.</summary>
    private (long Line, long Column) PositionOf(long offset)
    {
        CountLinesTo(offset);
        return (_lines + 1, offset - _lastNewline);
    }

    /// <summary>Counts line breaks up to <paramref name="offset"/> (clamped to the buffer); positions are only ever asked for in order.</summary>
    private void CountLinesTo(long offset)
    {
        var from = (int)Math.Max(0, _countedTo - _bufferOffset);
        var to = (int)Math.Clamp(offset - _bufferOffset, from, _end);
        var span = _buffer.AsSpan(from, to - from);
        var newlines = span.Count((byte)'\n');
        if (newlines > 0)
        {
            _lines += newlines;
            _lastNewline = _bufferOffset + from + span.LastIndexOf((byte)'\n');
        }

        _countedTo = Math.Max(_countedTo, _bufferOffset + to);
    }

    private CatalogException Error(long offset, string problem)
    {
        var (line, column) = PositionOf(offset);
        return new CatalogException(_source, line, column, offset, problem);
    }

    private CatalogException Error(Position position, string problem) =>
        new(_source, position.Line, position.Column, position.Offset, problem);

    private Position Here(ref Utf8JsonReader reader)
    {
        var offset = Offset(ref reader);
        var (line, column) = PositionOf(offset);
        return new Position(line, column, offset);
    }

    private CatalogException SyntaxError(JsonException e)
    {
        var problem = e.Message;
        var cut = problem.IndexOf(" LineNumber:", StringComparison.Ordinal);
        problem = $"not valid JSON: {(cut > 0 ? problem[..cut] : problem)}";
        var line = (e.LineNumber ?? 0) + 1;
        var column = (e.BytePositionInLine ?? 0) + 1;
        CountLinesTo(_bufferOffset + _end);
        long? offset = line == _lines + 1 ? _lastNewline + column : null;
        return new CatalogException(_source, line, column, offset, problem, e);
    }

    private readonly record struct Position(long Line, long Column, long Offset);
}
