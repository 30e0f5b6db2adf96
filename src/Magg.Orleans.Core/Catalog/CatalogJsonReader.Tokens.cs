using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Catalog;

/// <summary>What each token means where it stands in <c>{"metadata": {...}, "catalog": {"&lt;morton&gt;": [granules]}}</c>.</summary>
internal sealed partial class CatalogJsonReader
{
    private readonly Stack<Level> _levels = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _granuleNames;
    private readonly char[] _chars;
    private readonly List<CatalogCell> _cells = [];
    private readonly List<Position> _cellPositions = [];
    private readonly HashSet<long> _mortons = [];
    private readonly List<string> _granules = [];
    private readonly Dictionary<string, Position> _metadataKeys = new(StringComparer.Ordinal);
    private long _totalGranules;
    private string? _key;
    private string _cellKey = "";
    private long _cellMorton;
    private Position _cellPosition;
    private int _metadataStart = -1;
    private Position _metadataPosition;
    private CatalogMetadata? _metadata;
    private bool _sawCatalog;
    private Position _documentEnd;

    private enum Context
    {
        Root,
        Metadata,
        Catalog,
        Cell,
        Other,
    }

    /// <summary>Takes one token; false when the metadata object must first be read whole into the buffer.</summary>
    private bool Handle(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                OnKey(ref reader);
                return true;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                OnEnd(ref reader);
                return true;
        }

        _levels.TryPeek(out var parent);
        var context = ValueContext(ref reader, parent);
        var isContainer = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
        if (isContainer && context == Context.Metadata && parent!.Context == Context.Root)
        {
            var probe = reader;
            if (!probe.TrySkip())
            {
                return false;
            }

            _metadataStart = (int)reader.TokenStartIndex;
            _metadataPosition = Here(ref reader);
        }

        if (isContainer)
        {
            var path = parent is null ? "" : parent.IsObject ? Join(parent.Path, _key!) : $"{parent.Path}[{parent.Index}]";
            _levels.Push(new Level(context, path, reader.TokenType == JsonTokenType.StartObject));
        }
        else if (context == Context.Cell)
        {
            AddGranule(ref reader);
        }

        if (parent is { IsObject: false })
        {
            parent.Index++;
        }

        return true;
    }

    private Context ValueContext(ref Utf8JsonReader reader, Level? parent)
    {
        var token = reader.TokenType;
        switch (parent?.Context)
        {
            case null:
                return token == JsonTokenType.StartObject ? Context.Root : throw Error(Offset(ref reader), "the top level must be a JSON object");
            case Context.Root when _key == "metadata":
                return token == JsonTokenType.StartObject ? Context.Metadata : throw Error(Offset(ref reader), "'metadata' must be an object");
            case Context.Root when _key == "catalog":
                _sawCatalog = true;
                return token == JsonTokenType.StartObject
                    ? Context.Catalog
                    : throw Error(Offset(ref reader), "'catalog' must be an object of parent cells and their granule lists");
            case Context.Catalog when token != JsonTokenType.StartArray:
            case Context.Cell when token != JsonTokenType.String:
                throw Error(Offset(ref reader), $"catalog[\"{_cellKey}\"] must be a list of granule paths or URLs");
            case Context.Catalog or Context.Cell:
                return Context.Cell;
            case Context.Root:
                return Context.Other;
            default:
                return parent.Context;
        }
    }

    private void OnKey(ref Utf8JsonReader reader)
    {
        var level = _levels.Peek();
        var name = reader.GetString()!;
        if (!level.Keys!.Add(name))
        {
            throw Error(Offset(ref reader), $"duplicate key \"{Join(level.Path, name)}\"");
        }

        _key = name;
        if (level.Context == Context.Catalog)
        {
            BeginCell(ref reader, name);
        }
        else if (level.Context == Context.Metadata && level.Path == "metadata")
        {
            _metadataKeys[name] = Here(ref reader);
        }
    }

    private void OnEnd(ref Utf8JsonReader reader)
    {
        var level = _levels.Pop();
        switch (level.Context)
        {
            case Context.Cell:
                _cells.Add(new CatalogCell(_cellMorton, _cells.Count, _granules.ToArray()));
                _cellPositions.Add(_cellPosition);
                break;
            case Context.Metadata when level.Path == "metadata":
                var json = _buffer.AsSpan(_start + _metadataStart, (int)reader.BytesConsumed - _metadataStart);
                _metadata = ReadMetadata((JsonObject)JsonNode.Parse(json)!);
                break;
            case Context.Root:
                _documentEnd = Here(ref reader);
                break;
        }
    }

    private void BeginCell(ref Utf8JsonReader reader, string key)
    {
        var position = Here(ref reader);
        if (_cells.Count >= _limits.MaxCatalogCells)
        {
            throw Error(position, string.Create(CultureInfo.InvariantCulture,
                $"the catalog lists more than {_limits.MaxCatalogCells:N0} cells (Magg:Limits:MaxCatalogCells)"));
        }

        long morton;
        try
        {
            morton = Morton.Parse(key);
        }
        catch (FormatException e)
        {
            throw Error(position, $"catalog key {e.Message}");
        }

        if (_metadata is not null)
        {
            CheckOrder(key, morton, position);
        }

        if (!_mortons.Add(morton))
        {
            throw Error(position, string.Create(CultureInfo.InvariantCulture, $"cell {morton} is listed more than once"));
        }

        (_cellKey, _cellMorton, _cellPosition) = (key, morton, position);
        _granules.Clear();
    }

    private void AddGranule(ref Utf8JsonReader reader)
    {
        var max = _limits.MaxGranuleLength;
        var raw = reader.ValueSpan.Length;   // escapes included: at most 6 bytes per character
        var target = raw <= _chars.Length ? _chars : raw <= 6L * max ? new char[raw] : null;
        var length = target is null ? max + 1 : reader.CopyString(target);
        if (length > max)
        {
            throw Error(Offset(ref reader), string.Create(CultureInfo.InvariantCulture,
                $"a granule of catalog[\"{_cellKey}\"] is longer than {max:N0} characters (Magg:Limits:MaxGranuleLength)"));
        }

        if (length == 0)
        {
            throw Error(Offset(ref reader), $"catalog[\"{_cellKey}\"] lists an empty granule");
        }

        if (_granules.Count >= _limits.MaxGranulesPerCell)
        {
            throw Error(Offset(ref reader), string.Create(CultureInfo.InvariantCulture,
                $"catalog[\"{_cellKey}\"] lists more than {_limits.MaxGranulesPerCell:N0} granules (Magg:Limits:MaxGranulesPerCell)"));
        }

        if (++_totalGranules > _limits.MaxCatalogGranules)
        {
            throw Error(Offset(ref reader), string.Create(CultureInfo.InvariantCulture,
                $"the catalog lists more than {_limits.MaxCatalogGranules:N0} granule entries (Magg:Limits:MaxCatalogGranules)"));
        }

        // A granule crosses many cells: keep one string per distinct name.
        var text = target!.AsSpan(0, length);
        if (!_granuleNames.TryGetValue(text, out var name))
        {
            name = text.ToString();
            _names.Add(name, name);
        }

        _granules.Add(name);
    }

    private CatalogMetadata ReadMetadata(JsonObject metadata)
    {
        var position = _metadataKeys.GetValueOrDefault("parent_order", _metadataPosition);
        if (metadata["parent_order"] is not JsonValue orderValue || !orderValue.TryGetValue(out int parentOrder)
            || parentOrder is < 0 or > Morton.MaxOrder)
        {
            throw Error(position, $"metadata.parent_order must be an integer in 0..{Morton.MaxOrder}");
        }

        var result = new CatalogMetadata(parentOrder, Text(metadata, "short_name"), Text(metadata, "version"),
            Text(metadata, "s3_base"), Text(metadata, "https_base"), metadata);
        _metadata = result;
        for (var i = 0; i < _cells.Count; i++)
        {
            CheckOrder(_cells[i].ParentMorton.ToString(CultureInfo.InvariantCulture), _cells[i].ParentMorton, _cellPositions[i]);
        }

        return result;
    }

    private void CheckOrder(string key, long morton, Position position)
    {
        var order = Morton.OrderOf(morton);
        if (order != _metadata!.ParentOrder)
        {
            throw Error(position, string.Create(CultureInfo.InvariantCulture,
                $"catalog key '{key}' is at order {order}, but metadata.parent_order is {_metadata.ParentOrder}"));
        }
    }

    private GranuleCatalog Finish(string? baseDirectory)
    {
        if (_metadata is null)
        {
            throw Error(_documentEnd, "missing object 'metadata'");
        }

        if (!_sawCatalog)
        {
            throw Error(_documentEnd, "missing object 'catalog'");
        }

        if (_metadata.Raw["total_cells"] is JsonValue totalCells && totalCells.TryGetValue(out int declared) && declared != _cells.Count)
        {
            throw Error(_metadataKeys["total_cells"], string.Create(CultureInfo.InvariantCulture,
                $"metadata.total_cells is {declared}, but the catalog lists {_cells.Count} cells"));
        }

        return new GranuleCatalog(_metadata, _cells, baseDirectory);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string? Text(JsonObject metadata, string key) =>
        metadata[key] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private sealed class Level(Context context, string path, bool isObject)
    {
        public Context Context { get; } = context;

        public string Path { get; } = path;

        public bool IsObject { get; } = isObject;

        public HashSet<string>? Keys { get; } = isObject ? new(StringComparer.Ordinal) : null;

        public int Index { get; set; }
    }
}
