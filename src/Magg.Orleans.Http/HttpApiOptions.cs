using System.Net;

namespace Magg.Orleans.Http;

/// <summary>
/// The HTTP API's settings (<c>magg-orleans serve</c> flags, a silo's <c>--http</c> and <c>--http-token-file</c>, and the
/// <c>Magg:Http</c> configuration section for the folders). Without a token the API listens on loopback only.
/// </summary>
public sealed class HttpApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Http";

    /// <summary>The variable holding the bearer token when no token file is given.</summary>
    public const string TokenVariable = "MAGG_HTTP_TOKEN";

    /// <summary>Where to listen: <c>IP:PORT</c> (<c>[::1]:8080</c> for IPv6); port 0 picks a free port.</summary>
    public string Listen { get; set; } = "127.0.0.1:8080";

    /// <summary>The bearer token every request must carry; null: none, and the API listens on loopback only.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Local folders (and their subfolders) requests may use: catalogs named by path, local granules, and local-folder stores
    /// (the embedded silo of <c>serve</c>; a cluster writes to S3). Nothing local is allowed by default: catalogs are then
    /// sent inline, with s3:// or https:// granules.
    /// </summary>
    public List<string> Folders { get; set; } = [];

    /// <summary>Largest request body (an inline catalog travels in it); larger catalogs are named by path.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The address to bind.</summary>
    /// <exception cref="HttpApiOptionsException">It is not IP:PORT.</exception>
    public IPEndPoint Endpoint => Parse(Listen);

    /// <summary>Reads a token file: its text without surrounding whitespace.</summary>
    /// <exception cref="HttpApiOptionsException">The file cannot be read or is empty (the message names the file, never its content).</exception>
    public static string ReadTokenFile(string path, string flag)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HttpApiOptionsException($"{flag} {path}: cannot read it ({e.Message})", e);
        }

        return text.Length >= 16 && !text.Any(char.IsWhiteSpace) && !text.Any(char.IsControl)
            ? text
            : throw new HttpApiOptionsException($"{flag} {path}: the token must be one line of at least 16 characters without spaces");
    }

    /// <summary>
    /// The settings of a server listening at <paramref name="listen"/>: the token comes from <paramref name="tokenFile"/> when given,
    /// else from <see cref="TokenVariable"/>; validated.
    /// </summary>
    /// <exception cref="HttpApiOptionsException">A setting cannot be used; the message names the flag (never the token).</exception>
    public static HttpApiOptions Resolve(string listen, string? tokenFile, string tokenFileFlag, Func<string, string?> environment, IEnumerable<string>? folders = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = new HttpApiOptions
        {
            Listen = listen,
            Token = tokenFile is not null ? ReadTokenFile(tokenFile, tokenFileFlag) : environment(TokenVariable) is { Length: > 0 } token ? token.Trim() : null,
            Folders = [.. (folders ?? []).Select(f => Path.IsPathFullyQualified(f) ? Path.GetFullPath(f) : f)],
        };
        options.Validate();
        return options;
    }

    /// <summary>Checks the settings: the address parses, and a non-loopback address has a token.</summary>
    /// <exception cref="HttpApiOptionsException">The message names the flag.</exception>
    public void Validate()
    {
        var endpoint = Endpoint;
        if (Token is null && !IPAddress.IsLoopback(endpoint.Address))
        {
            throw new HttpApiOptionsException(
                $"--http {Listen} listens beyond this machine: give a bearer token (--token-file FILE or {TokenVariable}), or listen on 127.0.0.1");
        }

        if (Token is { } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            throw new HttpApiOptionsException($"the bearer token ({TokenVariable} or the token file) must be at least 16 characters without spaces");
        }

        foreach (var folder in Folders)
        {
            if (!Path.IsPathFullyQualified(folder))
            {
                throw new HttpApiOptionsException($"--allow-path {folder}: not an absolute folder");
            }
        }
    }

    private static IPEndPoint Parse(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon > 0 && IPAddress.TryParse(listen[..colon].Trim('[', ']'), out var address)
            && int.TryParse(listen.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 0 and <= 65535)
        {
            return new IPEndPoint(address, port);
        }

        throw new HttpApiOptionsException($"--http '{listen}' is not IP:PORT (e.g. 127.0.0.1:8080, 0.0.0.0:8080 or [::1]:8080)");
    }
}
