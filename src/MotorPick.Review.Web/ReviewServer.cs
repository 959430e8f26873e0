using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Review.Web.Api;
using MotorPick.Review.Web.Imaging;
using MotorPick.Review.Web.Security;
using MotorPick.Review.Web.Storage;

namespace MotorPick.Review.Web;

/// <summary>
/// The review server of <c>motorpick review serve</c>: Kestrel with the review page, the JSON API, slices on demand
/// and the SQLite decision store. Start it with <see cref="StartAsync"/>, stop it by disposing it.
/// </summary>
public sealed class ReviewServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SliceSource _slices;

    private ReviewServer(WebApplication app, ReviewServerOptions options, ReviewSet review, DecisionStore store, SliceSource slices, Uri url)
    {
        _app = app;
        Options = options;
        Review = review;
        Store = store;
        _slices = slices;
        Url = url;
    }

    public ReviewServerOptions Options { get; }
    public ReviewSet Review { get; }
    public DecisionStore Store { get; }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The page on this server: <see cref="Url"/> under <c>--base-path</c>, if one is set.</summary>
    public Uri PageUrl => new(Url, Options.NormalisedBasePath + "/");

    /// <summary>The link to open in a browser: <see cref="PageUrl"/>, with the shared token when one is set (it logs in).</summary>
    public Uri BrowserUrl => Options.Token is null ? PageUrl : LoginUrl(Options.Token);

    /// <summary>The link that logs a reviewer in with <paramref name="token"/> (the server answers with a session cookie).</summary>
    public Uri LoginUrl(string token) => new(PageUrl, "?token=" + Uri.EscapeDataString(token));

    /// <summary>The reviewer accounts loaded at start.</summary>
    public ReviewerAccounts Accounts { get; private init; } = ReviewerAccounts.Empty;

    /// <summary>Validates the options, opens review.json and the database, and starts listening.</summary>
    /// <param name="log">Receives the server's warnings and errors, one line each (nothing is logged without it).</param>
    public static async Task<ReviewServer> StartAsync(ReviewServerOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        options.Validate();
        var accounts = options.NoAuth ? ReviewerAccounts.Empty : ReviewerAccounts.Load(options.ResolvedReviewersPath);
        if (!options.NoAuth && accounts.All.Count == 0 && options.Token is null)
            throw new MotorPickException(
                "no reviewer accounts yet: create them with --reviewer NAME (repeatable; each gets a token, printed once), " +
                "give a shared token with --token-file, or use --no-auth on a single-user laptop", options.ResolvedReviewersPath);
        var review = ReviewFile.Read(options.ReviewDir);
        var store = DecisionStore.Open(options.ResolvedDatabasePath, review, journal: options.Journal);
        var slices = new SliceSource(review, options.ReviewDir, options.OpenData, options.HeatmapsDir, options.SliceCacheBytes);
        try
        {
            var app = Build(options, review, store, slices, accounts, log);
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var url = new Uri(address.Replace("://[::]", "://[::1]", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal) + "/");
            return new ReviewServer(app, options, review, store, slices, url) { Accounts = accounts };
        }
        catch
        {
            slices.Dispose();
            store.Dispose();
            throw;
        }
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled or the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public static async Task RunAsync(ReviewServerOptions options, Action<ReviewServer> started, Action<string>? log = null, CancellationToken ct = default)
    {
        await using var server = await StartAsync(options, log, ct);
        started(server);
        try
        {
            // The host's console lifetime turns Ctrl+C and SIGTERM into a shutdown; the token covers callers that cancel.
            await server._app.WaitForShutdownAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // a normal end
        }
    }

    private static WebApplication Build(ReviewServerOptions options, ReviewSet review, DecisionStore store, SliceSource slices, ReviewerAccounts accounts, Action<string>? log)
    {
        var certificate = options.UsesTls ? LoadCertificate(options) : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ReviewServer).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        if (log is not null) builder.Logging.AddProvider(new CallbackLoggerProvider(log));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 512;
            var ip = options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(options.Host);
            kestrel.Listen(ip, options.Port, listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
            });
        });
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = ReviewApi.CsrfHeader;
            o.Cookie.Name = "motorpick_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true;
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddSingleton(options);
        var login = new ReviewerLogin(options, accounts, new ReviewSessions());
        builder.Services.AddSingleton(login);

        var app = builder.Build();
        // Behind a proxy: its X-Forwarded-* headers only from the addresses trusted with --trusted-proxy (none by
        // default, not even loopback: other users of a shared node can connect from there too) ...
        if (options.TrustedProxies.Count > 0) app.UseForwardedHeaders(ForwardedFrom(options));
        // ... and a prefix the proxy keeps in the path (--base-path) is taken off before routing.
        if (options.NormalisedBasePath.Length > 0) app.UsePathBase(options.NormalisedBasePath);
        app.UseRouting();
        app.UseMiddleware<ErrorShield>();
        app.UseMiddleware<AccessGuard>();
        StaticAssets.Map(app);
        ReviewApi.Map(app, options, review, store, slices, login);
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }

    private static ForwardedHeadersOptions ForwardedFrom(ReviewServerOptions options)
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix,
            ForwardLimit = 1,
        };
        // The defaults trust loopback; only the addresses given are trusted here.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in options.TrustedProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        return forwarded;
    }

    /// <summary>The certificate and key of --tls-cert/--tls-key (PEM), as Kestrel needs them.</summary>
    private static X509Certificate2 LoadCertificate(ReviewServerOptions options)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.TlsCertPath!, options.TlsKeyPath);
            // A key loaded from PEM is ephemeral; a PKCS#12 round trip gives SslStream one it can use on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            throw new MotorPickException($"cannot load the TLS certificate and key ({ex.Message}): expected PEM files, the key unencrypted", options.TlsCertPath, field: "--tls-cert", inner: ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _slices.Dispose();
            Store.Dispose();
        }
    }
}
