using System.Net.Http.Headers;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary>
/// One <c>magg-orleans serve</c> process with a bearer token for a test class, allowed to read the small fixture and to write
/// into a temp folder; killed when the class is done.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    /// <summary>The token the server was started with.</summary>
    public const string Token = "test-token-0123456789abcdef";

    private readonly TemporaryFolder _folder = new();
    private ServeProcess? _serve;

    /// <summary>The running server.</summary>
    public ServeProcess Serve => _serve ?? throw new InvalidOperationException("not started");

    /// <summary>A folder the server may write stores into.</summary>
    public string Folder => _folder.Path;

    /// <summary>The small fixture's catalog (the server may read it and its granules).</summary>
    public static string Catalog => Path.Combine(TestData.Fixture("small"), "catalog.json");

    /// <summary>A client with the token.</summary>
    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient { BaseAddress = Serve.Address, Timeout = TimeSpan.FromMinutes(3) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var tokenFile = _folder.File("token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        _serve = await ServeProcess.StartAsync(null, "serve", "--http", "127.0.0.1:0", "--token-file", tokenFile,
            "--allow-path", TestData.Fixture("small"), "--allow-path", _folder.Path);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        _folder.Dispose();
    }
}
