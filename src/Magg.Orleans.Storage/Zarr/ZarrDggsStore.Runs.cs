using System.Globalization;
using System.Text.Json;
using Magg.Orleans.Storage.Objects;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>Runs sharing a store: structural changes under the store's lock, and registrations of the runs writing into it.</summary>
public sealed partial class ZarrDggsStore
{
    private const string LockKey = "_magg/lock";
    private const string RunsFolder = "_magg/active/";

    /// <summary>
    /// <see cref="PrepareAsync"/> for run <paramref name="runId"/> under the store's lock, then registers the run as writing
    /// into the store. An overwrite is refused while another run is registered (it would delete that run's chunks).
    /// </summary>
    /// <exception cref="StoreBusyException">The lock stayed held, or (overwrite) another run is writing into the store.</exception>
    /// <exception cref="StoreConflictException">The store holds another template and <paramref name="overwrite"/> is false.</exception>
    public async Task<StoreTemplateStatus> PrepareForRunAsync(string runId, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var held = await _store.LockAsync(LockKey, $"run {runId}", _lease.Lock, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            if (overwrite && await ActiveRunsAsync(runId, cancellationToken).ConfigureAwait(false) is [var other, ..])
            {
                throw new StoreBusyException(string.Create(CultureInfo.InvariantCulture,
                    $"Overwrite of {_store.Location} refused: run {other.RunId} is writing into it (registered until {other.ExpiresAt:O}). Wait for it to finish or cancel it, or write to another store."));
            }

            var status = await PrepareAsync(overwrite, cancellationToken).ConfigureAwait(false);
            await RenewRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return status;
        }
    }

    /// <summary>Pushes run <paramref name="runId"/>'s registration forward by <see cref="StoreLeaseOptions.RunTtl"/>.</summary>
    public Task RenewRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var registration = new RunRegistration(runId, Layout.TemplateId, _time.GetUtcNow() + _lease.RunTtl);
        return _store.WriteAsync(RunKey(runId), JsonSerializer.SerializeToUtf8Bytes(registration, StoreJson.Options), cancellationToken);
    }

    /// <summary>
    /// Ends run <paramref name="runId"/>'s use of the store: writes the consolidated metadata under the store's lock
    /// (when <paramref name="consolidate"/>) and removes the run's registration.
    /// </summary>
    public async Task FinishRunAsync(string runId, bool consolidate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (!consolidate)
        {
            await _store.DeleteAsync(RunKey(runId), cancellationToken).ConfigureAwait(false);
            return;
        }

        var held = await _store.LockAsync(LockKey, $"run {runId}", _lease.Lock, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            await ConsolidateAsync(cancellationToken).ConfigureAwait(false);
            await _store.DeleteAsync(RunKey(runId), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The template id recorded in the store's group, or null when the group is absent.</summary>
    /// <exception cref="InvalidDataException">The group document is not JSON.</exception>
    public async Task<string?> ReadTemplateIdAsync(CancellationToken cancellationToken = default)
    {
        var group = ZarrMetadata.Parse(await _store.ReadAsync(GroupKey, cancellationToken).ConfigureAwait(false), GroupKey);
        return group?["attributes"]?[ZarrMetadata.MaggAttribute]?["template_id"]?.GetValue<string>();
    }

    /// <summary>Runs other than <paramref name="except"/> registered in the store and not expired.</summary>
    public async Task<IReadOnlyList<RunRegistration>> ActiveRunsAsync(string? except = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var active = new List<RunRegistration>();
        await foreach (var key in _store.ListAsync(RunsFolder, cancellationToken).ConfigureAwait(false))
        {
            var bytes = await _store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            RunRegistration? registration;
            try
            {
                registration = bytes is null ? null : JsonSerializer.Deserialize<RunRegistration>(bytes, StoreJson.Options);
            }
            catch (JsonException)
            {
                registration = null;
            }

            if (registration is not null && registration.RunId != except && registration.ExpiresAt > now)
            {
                active.Add(registration);
            }
        }

        return active;
    }

    private static string RunKey(string runId) => RunsFolder + Uri.EscapeDataString(runId) + ".json";
}
