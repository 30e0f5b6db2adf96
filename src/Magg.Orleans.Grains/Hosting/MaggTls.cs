using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Magg.Orleans.Grains.Hosting;

/// <summary>
/// Mutual TLS on a Magg cluster (Orleans.Connections.Security): silos accept gateway and silo connections only from
/// peers whose certificate chains to the cluster's own authority, and clients accept only silos that do. A client
/// without such a certificate is refused in the TLS handshake, before any grain call.
/// </summary>
public static class MaggTls
{
    /// <summary>Requires mutual TLS on the silo's gateway and silo-to-silo connections.</summary>
    /// <exception cref="MaggTlsException">A file cannot be read or is not what it should be; the message names it.</exception>
    public static ISiloBuilder UseMaggTls(this ISiloBuilder silo, MaggTlsFiles files)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var (certificate, authority) = Load(files);
        return silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (remote, _, _) => IsSignedBy(authority, remote);
        });
    }

    /// <summary>Connects over mutual TLS, presenting <paramref name="files"/>' certificate and trusting only its authority.</summary>
    /// <exception cref="MaggTlsException">A file cannot be read or is not what it should be; the message names it.</exception>
    public static IClientBuilder UseMaggTls(this IClientBuilder client, MaggTlsFiles files)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (certificate, authority) = Load(files);
        return client.UseTls(certificate, options =>
        {
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (remote, _, _) => IsSignedBy(authority, remote);
        });
    }

    /// <summary>Loads and checks the files: a certificate with its key, and an authority certificate.</summary>
    /// <exception cref="MaggTlsException">A file cannot be read or is not what it should be; the message names it.</exception>
    public static (X509Certificate2 Certificate, X509Certificate2 Authority) Load(MaggTlsFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        X509Certificate2 certificate;
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
            // A key loaded from PEM is ephemeral; TLS servers need it in a form they can use for every handshake.
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new MaggTlsException($"cannot load the TLS certificate {files.Certificate} with key {files.Key}: {e.Message}", e);
        }

        X509Certificate2 authority;
        try
        {
            authority = X509CertificateLoader.LoadCertificateFromFile(files.Authority);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new MaggTlsException($"cannot load the certificate authority {files.Authority}: {e.Message}", e);
        }

        if (!IsSignedBy(authority, certificate))
        {
            throw new MaggTlsException($"the certificate {files.Certificate} is not signed by the authority {files.Authority} (or is expired)");
        }

        return (certificate, authority);
    }

    /// <summary>True when <paramref name="remote"/> chains to <paramref name="authority"/> alone (the system's roots are not consulted; names are not checked).</summary>
    public static bool IsSignedBy(X509Certificate2 authority, X509Certificate2? remote)
    {
        ArgumentNullException.ThrowIfNull(authority);
        if (remote is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(remote);
    }
}
