using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary>TLS files given to <c>submit --gateway</c> and <c>status</c> are checked before anything connects: a bad one is invalid input naming the file.</summary>
public sealed class TlsFileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _certificate;
    private readonly string _key;
    private readonly string _authority;
    private readonly string _strangerAuthority;

    public TlsFileTests()
    {
        Directory.CreateDirectory(_folder.Path);
        using var certificates = TestCertificates.Create();
        using var stranger = TestCertificates.Create("Another CA");
        (_certificate, _key) = TestCertificates.WritePem(certificates.Client(), _folder.Path, "client");
        _authority = certificates.WriteAuthority(_folder.Path);
        _strangerAuthority = stranger.WriteAuthority(_folder.Path, "stranger-ca");
        File.WriteAllText(_folder.Combine("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("submit")]
    public async Task MissingCertificate_IsInvalidInputNamingIt(string command)
    {
        var missing = _folder.Combine("missing.crt");

        var error = await InvalidInputAsync(command, missing, _key, _authority);

        Assert.StartsWith($"error: cannot load the TLS certificate {missing} with key {_key}: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("submit")]
    public async Task AuthorityThatIsNotACertificate_IsInvalidInputNamingIt(string command)
    {
        var garbage = _folder.Combine("garbage.pem");

        var error = await InvalidInputAsync(command, _certificate, _key, garbage);

        Assert.StartsWith($"error: cannot load the certificate authority {garbage}: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("submit")]
    public async Task CertificateOfAnotherAuthority_IsInvalidInputNamingBoth(string command)
    {
        var error = await InvalidInputAsync(command, _certificate, _key, _strangerAuthority);

        Assert.Contains($"error: the certificate {_certificate} is not signed by the authority {_strangerAuthority} (or is expired)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyWithoutTheOthers_IsInvalidInput()
    {
        var run = await CliRun.InvokeAsync("status", "some-run", "--gateway", "127.0.0.1:30000", "--tls-key", _key);

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains("--tls-cert, --tls-key and --ca go together", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The error output of <paramref name="command"/> with these TLS files, which must exit as invalid input.</summary>
    private static async Task<string> InvalidInputAsync(string command, string certificate, string key, string authority)
    {
        var run = await CliRun.InvokeAsync(Arguments(command, certificate, key, authority));
        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        return run.Error;
    }

    private static string[] Arguments(string command, string certificate, string key, string authority)
    {
        // Nothing listens at the gateway: the files must be refused before any connection is tried.
        string[] tls = ["--tls-cert", certificate, "--tls-key", key, "--ca", authority, "--gateway", "127.0.0.1:9", "--connect-timeout", "60"];
        return command == "status"
            ? ["status", "some-run", .. tls]
            : ["submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", "s3://bucket/out.zarr", .. tls];
    }
}
