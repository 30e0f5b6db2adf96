using System.Text.Json;
using Magg.Orleans.Storage.Cells;

namespace Magg.Orleans.Storage.Lambda;

/// <summary>
/// What the function answers for a cell event (versioned JSON): how the attempt ended, the cell's outcome, and the
/// worker's own measurements.
/// </summary>
/// <param name="Version">The format version (<see cref="CellEvent.CurrentVersion"/>).</param>
/// <param name="Status">How the attempt ended.</param>
/// <param name="Outcome">The cell's outcome (for a failure, why).</param>
/// <param name="Retryable">For a failure: whether trying again may succeed (a transient granule or store failure).</param>
/// <param name="Recorded">True when the store holds a stamp for this outcome.</param>
/// <param name="WorkerSeconds">Wall time the function spent on the event, measured by itself.</param>
/// <param name="PeakMemoryMb">The function process's peak resident memory so far, in MB.</param>
public sealed record CellEventResponse(int Version, CellJobStatus Status, CellRecord Outcome, bool Retryable, bool Recorded, double WorkerSeconds, double PeakMemoryMb)
{
    /// <summary>The response of <paramref name="result"/>.</summary>
    public static CellEventResponse From(CellJobResult result, double workerSeconds, double peakMemoryMb)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CellEventResponse(CellEvent.CurrentVersion, result.Status, result.Record, result.Retryable, result.Recorded, workerSeconds, peakMemoryMb);
    }

    /// <summary>The attempt's result as <c>CellWorker</c> reported it.</summary>
    public CellJobResult ToResult() => new(Status, Outcome, Retryable, Recorded);

    /// <summary>The response as UTF-8 JSON.</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, LambdaJson.Options);

    /// <summary>Reads a response.</summary>
    /// <exception cref="CellEventException">Not a response of this version.</exception>
    public static CellEventResponse Parse(ReadOnlySpan<byte> json)
    {
        CellEventResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<CellEventResponse>(json, LambdaJson.Options);
        }
        catch (JsonException e)
        {
            throw new CellEventException($"the function's answer is not a cell response: {e.Message}", e);
        }

        return parsed is { Version: CellEvent.CurrentVersion, Outcome: not null }
            ? parsed
            : throw new CellEventException($"the function's answer is not a version {CellEvent.CurrentVersion} cell response");
    }
}
