using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Magg.Orleans.TestSupport;

/// <summary>
/// A private certificate authority made for one test (ECDSA P-256, valid for a day) and the certificates it signs:
/// servers (loopback names and addresses), silos (server and client use) and clients, written as PEM files where
/// processes need them.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates(X509Certificate2 authority) => Authority = authority;

    /// <summary>The authority (with its private key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>A new authority named <paramref name="name"/>.</summary>
    public static TestCertificates Create(string name = "Magg test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificates(request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1)));
    }

    /// <summary>A certificate for loopback servers (localhost, 127.0.0.1, 127.0.0.2, ::1).</summary>
    public X509Certificate2 Server(string name = "localhost") => Issue(name, [ServerAuth]);

    /// <summary>A certificate a silo uses both to accept and to open connections.</summary>
    public X509Certificate2 Silo(string name = "magg-silo") => Issue(name, [ServerAuth, ClientAuth]);

    /// <summary>A client certificate.</summary>
    public X509Certificate2 Client(string name = "magg-client") => Issue(name, [ClientAuth]);

    /// <summary>Writes <paramref name="certificate"/> and its key as <c>{name}.crt</c> and <c>{name}.key</c> (PEM) into <paramref name="folder"/>.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var (crt, key) = (Path.Combine(folder, name + ".crt"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        using var ecdsa = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA key");
        File.WriteAllText(key, ecdsa.ExportPkcs8PrivateKeyPem());
        return (crt, key);
    }

    /// <summary>Writes the authority's certificate (no key) as <c>{name}.crt</c>.</summary>
    public string WriteAuthority(string folder, string name = "ca")
    {
        var path = Path.Combine(folder, name + ".crt");
        File.WriteAllText(path, Authority.ExportCertificatePem());
        return path;
    }

    /// <summary>Accepts exactly the certificates this authority signed (chain built on it alone; names not checked).</summary>
    public bool Trusts(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>An <see cref="System.Net.Security.RemoteCertificateValidationCallback"/> that trusts this authority only.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors) =>
        certificate is not null && Trusts(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));

    public void Dispose() => Authority.Dispose();

    private X509Certificate2 Issue(string name, Oid[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.Parse("127.0.0.2"));
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Authority, now.AddMinutes(-5), now.AddHours(23), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
