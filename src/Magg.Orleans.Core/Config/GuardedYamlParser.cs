using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Magg.Orleans.Core.Config;

/// <summary>
/// Passes YAML parser events through and refuses, at the first offending event and with its line, what a config never
/// needs and an attacker would use: nesting deeper than <see cref="MaxDepth"/>, anchors and aliases (alias bombs),
/// merge keys, keys that are mappings or lists, duplicate keys and a second document. YamlDotNet's parser and scanner
/// are iterative; the representation model that consumes these events recurses once per level, which the depth cap
/// keeps at most <see cref="MaxDepth"/> deep.
/// </summary>
internal sealed class GuardedYamlParser(IParser inner, string source) : IParser
{
    /// <summary>Deepest nesting of mappings and lists in a config (the reference config nests 5 deep).</summary>
    public const int MaxDepth = 32;

    private readonly Stack<Level> _levels = new();
    private int _documents;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        Check(inner.Current!);
        return true;
    }

    private void Check(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart when ++_documents > 1:
                throw Refuse(e, "(yaml)", "a config is one YAML document; found a second one");
            case AnchorAlias alias:
                throw Refuse(e, NextPath(), $"aliases (*{alias.Value}) are not allowed in configs; write the value out");
            case NodeEvent { Anchor.IsEmpty: false } node:
                throw Refuse(e, NextPath(), $"anchors (&{node.Anchor}) are not allowed in configs");
            case Scalar scalar:
                OnScalar(scalar);
                break;
            case MappingStart or SequenceStart:
                OnStart(e);
                break;
            case MappingEnd or SequenceEnd:
                _levels.Pop();
                ValueDone();
                break;
        }
    }

    private void OnScalar(Scalar scalar)
    {
        if (_levels.TryPeek(out var level) && level.IsMapping && level.ExpectKey)
        {
            var key = scalar.Value;
            if (key == "<<" && scalar.Style == ScalarStyle.Plain)
            {
                throw Refuse(scalar, level.Child(key), "merge keys (<<) are not allowed in configs");
            }

            if (!level.Keys!.Add(key))
            {
                throw Refuse(scalar, level.Child(key), "duplicate key");
            }

            level.Key = key;
            level.ExpectKey = false;
            return;
        }

        ValueDone();
    }

    private void OnStart(ParsingEvent e)
    {
        if (_levels.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey)
        {
            throw Refuse(e, parent.Path.Length == 0 ? "(root)" : parent.Path, "keys must be plain values, not mappings or lists");
        }

        if (_levels.Count >= MaxDepth)
        {
            throw Refuse(e, NextPath(), $"nests deeper than {MaxDepth} levels");
        }

        _levels.Push(new Level(e is MappingStart, _levels.Count == 0 ? "" : NextPath()));
    }

    private void ValueDone()
    {
        if (!_levels.TryPeek(out var level))
        {
            return;
        }

        if (level.IsMapping)
        {
            level.ExpectKey = true;
        }
        else
        {
            level.Index++;
        }
    }

    private string NextPath()
    {
        if (!_levels.TryPeek(out var level))
        {
            return "(root)";
        }

        return level.IsMapping ? level.Child(level.ExpectKey ? "?" : level.Key!) : $"{level.Path}[{level.Index}]";
    }

    private ConfigException Refuse(ParsingEvent e, string key, string problem) =>
        new(source, key, problem, (int)e.Start.Line, (int)e.Start.Column);

    private sealed class Level(bool isMapping, string path)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public bool ExpectKey { get; set; } = true;

        public string? Key { get; set; }

        public int Index { get; set; }

        public HashSet<string>? Keys { get; } = isMapping ? new(StringComparer.Ordinal) : null;

        public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";
    }
}
