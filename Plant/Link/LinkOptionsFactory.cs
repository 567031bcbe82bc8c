using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeAE.Plant.Link;

/// <summary>Turns <see cref="LinkSettings"/> into MQTTnet client options: TLS with a pinned CA, credentials, keep-alive.</summary>
public static class LinkOptionsFactory
{
    public static MqttClientOptionsBuilder Create(LinkSettings s)
    {
        var b = new MqttClientOptionsBuilder()
            .WithTcpServer(s.Broker.Host, s.Broker.Port)
            .WithClientId(s.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)   // Sparkplug B 3.0 is specified on MQTT 3.1.1
            .WithKeepAlivePeriod(s.KeepAlive)
            .WithTimeout(s.Timeout);
        if (!string.IsNullOrEmpty(s.Username)) b.WithCredentials(s.Username, s.Password ?? "");
        if (s.Broker.Tls) b.WithTlsOptions(t => ConfigureTls(t, s));
        return b;
    }

    private static void ConfigureTls(MqttClientTlsOptionsBuilder t, LinkSettings s)
    {
        t.UseTls().WithTargetHost(s.Broker.Host);
        if (!string.IsNullOrEmpty(s.ClientCertFile))
        {
            var cert = X509Certificate2.CreateFromPemFile(s.ClientCertFile, string.IsNullOrEmpty(s.ClientKeyFile) ? null : s.ClientKeyFile);
            // SslStream on Linux needs the key in a usable form: re-import as PKCS#12 in memory.
            var usable = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
            cert.Dispose();
            t.WithClientCertificates([usable]);
        }
        if (!string.IsNullOrEmpty(s.CaFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(s.CaFile);
            t.WithCertificateValidationHandler(e => TrustedBy(roots, e.Certificate, e.SslPolicyErrors));
        }
    }

    /// <summary>
    /// The broker's certificate must chain to one of <paramref name="roots"/> (and only to them: the
    /// system store is not consulted) and match the host name.
    /// </summary>
    public static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var cert = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // A plant CA usually publishes no revocation list the board could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }
}
