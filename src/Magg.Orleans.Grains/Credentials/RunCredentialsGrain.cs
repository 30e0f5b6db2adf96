using Orleans.Placement;

namespace Magg.Orleans.Grains.Credentials;

/// <summary>
/// Holds a run's client-supplied Earthdata token in this activation's memory only (no persistent state). Placed on the
/// silo that first asks for it (the silo whose HTTP API took the run), and kept alive while the run needs it: idle
/// collection would forget the token. Losing its silo loses the token, which is the point: the run then waits for its
/// client instead of reading with credentials nobody holds.
/// </summary>
[PreferLocalPlacement]
[KeepAlive]
public sealed class RunCredentialsGrain : Grain, IRunCredentialsGrain
{
    private SecretText? _token;

    public Task Hold(SecretText token)
    {
        ArgumentNullException.ThrowIfNull(token);
        _token = token.Value.Length > 0 ? token : null;
        return Task.CompletedTask;
    }

    public Task<SecretText?> Token() => Task.FromResult(_token);

    public Task<bool> Has() => Task.FromResult(_token is not null);

    public Task Clear()
    {
        _token = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
