namespace Magg.Orleans.Grains.Hosting;

/// <summary>
/// The PEM files of mutual TLS between clients and silos (and between silos): this side's certificate and private key,
/// and the certificate authority whose certificates the other side must present.
/// </summary>
/// <param name="Certificate">This side's certificate (PEM).</param>
/// <param name="Key">Its private key (PEM, unencrypted).</param>
/// <param name="Authority">The authority that signs every silo and client certificate of the cluster (PEM).</param>
public sealed record MaggTlsFiles(string Certificate, string Key, string Authority);
