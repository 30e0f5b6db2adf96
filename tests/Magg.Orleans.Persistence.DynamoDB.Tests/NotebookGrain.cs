namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>A tiny grain whose state lives in the "dyn" DynamoDB storage provider.</summary>
public interface INotebookGrain : IGrainWithStringKey
{
    Task AddNoteAsync(string note);

    Task<NotebookState> ReadAsync();

    Task ClearAsync();
}

public sealed class NotebookGrain([PersistentState("s", "dyn")] IPersistentState<NotebookState> notebook) : Grain, INotebookGrain
{
    public async Task AddNoteAsync(string note)
    {
        notebook.State.Notes.Add(note);
        notebook.State.Revision++;
        notebook.State.Counters[note] = note.Length;
        await notebook.WriteStateAsync();
    }

    public Task<NotebookState> ReadAsync() => Task.FromResult(notebook.State);

    public Task ClearAsync() => notebook.ClearStateAsync();
}
