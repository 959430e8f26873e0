using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MotorPick.Core;

namespace MotorPick.Review.Web.Tests;

/// <summary>HTTPS with --tls-cert/--tls-key: a self-signed certificate made here; cookies are Secure over HTTPS.</summary>
public sealed class TlsTests
{
    /// <summary>Writes a self-signed certificate for 127.0.0.1 and its key as PEM files.</summary>
    private static (string Cert, string Key, X509Certificate2 Certificate) WritePem(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var cert = Path.Combine(dir, "cert.pem");
        var keyPath = Path.Combine(dir, "key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (cert, keyPath, X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    [Fact]
    public async Task Served_over_https_the_session_and_anti_forgery_cookies_are_secure()
    {
        using var data = new ReviewData(depth: 8, height: 32, width: 32);
        var (cert, key, certificate) = WritePem(data.Root);
        await using var server = await ReviewServer.StartAsync(data.Options() with { TlsCertPath = cert, TlsKeyPath = key });
        Assert.Equal("https", server.Url.Scheme);
        Assert.Equal("https", server.LoginUrl("x").Scheme);

        var handler = new HttpClientHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            // Trust exactly this certificate.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(certificate.RawData),
        };
        using var client = new HttpClient(handler) { BaseAddress = server.Url };
        var login = await client.GetAsync(server.LoginUrl(data.Tokens["alice"]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant();
        Assert.Contains("; secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.False(login.Headers.Contains("Strict-Transport-Security")); // not for localhost: it would pin every local port

        var session = await client.GetAsync("api/session");
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.All(session.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c.ToLowerInvariant()));

        // Plain HTTP to the HTTPS port: Kestrel closes the connection without an answer.
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Url.Port}/") };
        plain.DefaultRequestHeaders.Add("X-MotorPick-Token", data.Tokens["alice"]);
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("api/items"));
    }

    [Fact]
    public async Task A_certificate_without_its_key_or_a_broken_pem_is_refused_by_option_name()
    {
        using var data = new ReviewData(depth: 8, height: 32, width: 32);
        var (cert, key, _) = WritePem(data.Root);
        var noKey = await Assert.ThrowsAsync<MotorPickException>(() => ReviewServer.StartAsync(data.Options() with { TlsCertPath = cert }));
        Assert.Equal("--tls-key", noKey.Field);
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
        var broken = await Assert.ThrowsAsync<MotorPickException>(() => ReviewServer.StartAsync(data.Options() with { TlsCertPath = cert, TlsKeyPath = key }));
        Assert.Equal("--tls-cert", broken.Field);
    }
}
