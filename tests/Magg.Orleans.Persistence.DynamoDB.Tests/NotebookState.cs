using System.Diagnostics.CodeAnalysis;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>A grain state with fields of several kinds, serialized by the Orleans serializer.</summary>
[GenerateSerializer]
public sealed class NotebookState
{
    [Id(0)]
    public string Title { get; set; } = "";

    [Id(1)]
    public int Revision { get; set; }

    [Id(2)]
    public double Score { get; set; }

    [Id(3)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(4)]
    public List<string> Notes { get; set; } = [];

    [Id(5)]
    public Dictionary<string, long> Counters { get; set; } = [];

    [Id(6)]
    public byte[] Blob { get; set; } = [];
}

/// <summary>The in-memory side of a notebook state as a grain activation holds it: starts as a new object with no ETag.</summary>
public sealed class NotebookGrainState(NotebookState? state = null, string? etag = null) : IGrainState<NotebookState>
{
    private NotebookState _state = state ?? new NotebookState();

    [AllowNull]
    public NotebookState State
    {
        get => _state;
        set => _state = value ?? new NotebookState();
    }

    public string? ETag { get; set; } = etag;

    public bool RecordExists { get; set; }
}
