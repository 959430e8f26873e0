using System.CommandLine;
using MotorPick.Core;
using MotorPick.Review.Web;
using MotorPick.Review.Web.Security;
using MotorPick.Review.Web.Storage;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Review;

/// <summary><c>motorpick review serve</c>: the review page in the browser, decisions in SQLite.</summary>
public static class ReviewServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var review = new Option<string>("--review") { Description = "Review directory with review.json (from 'motorpick review mine').", Required = true };
        var data = new DataSourceOptions(description: DataSourceOptions.DataHelp + " Review pages show uint8 volumes.");
        var heatmaps = new Option<string?>("--heatmaps") { Description = "Directory of saved heatmaps (<tomo_id>.npy) for the heatmap panels." };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on (default loopback). Off loopback, serve HTTPS (--tls-cert/--tls-key) or reach it through an SSH tunnel.", DefaultValueFactory = _ => "127.0.0.1" };
        var reviewers = new Option<string[]>("--reviewer")
        {
            Description = "Create an account for this reviewer (repeatable) with a random token, printed once with its login link; " +
                "accounts that exist keep their token. The server records every decision under the logged-in reviewer.",
            AllowMultipleArgumentsPerToken = false,
        };
        var reviewersFile = new Option<string?>("--reviewers") { Description = "The reviewers file (accounts with salted token hashes, mode 0600; default <review>/reviewers.json)." };
        var noAuth = new Option<bool>("--no-auth") { Description = "No login: everyone who reaches the server is the --as reviewer. Only for a single user's laptop (loopback only)." };
        var asReviewer = new Option<string>("--as") { Description = "The reviewer of --no-auth and of the shared token (default: the OS user).", DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } u && ReviewerName.IsValid(u) ? u : "reviewer" };
        var tokenFile = new Option<string?>("--token-file") { Description = $"A shared token (first line of the file) that logs in as the --as reviewer; or set {ServeToken.EnvironmentVariable}." };
        var token = new Option<string?>("--token") { Description = "Deprecated: the command line is visible to every user in the process list; use --token-file or " + ServeToken.EnvironmentVariable + "." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate: serve HTTPS (with --tls-key); cookies are then Secure." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key (unencrypted) of --tls-cert." };
        var journal = new Option<JournalMode>("--journal") { Description = "Journal of the decisions database: auto (WAL on a local disk, the rollback journal on NFS, Lustre and other shared file systems), delete or wal.", DefaultValueFactory = _ => JournalMode.Auto };
        var db = new Option<string?>("--db") { Description = "SQLite file of the decisions (default <review>/review-decisions.sqlite)." };
        var basePath = new Option<string?>("--base-path") { Description = "Path prefix the page lives under behind a proxy that keeps it in the URL (e.g. /node/c12/8080; Open OnDemand's /node/)." };
        var trustedProxy = new Option<string[]>("--trusted-proxy") { Description = "IP address of a reverse proxy whose X-Forwarded-Prefix/-Host/-Proto headers are believed (repeatable; none by default).", AllowMultipleArgumentsPerToken = false };
        var allowedHost = new Option<string[]>("--allowed-host") { Description = "Host name the page may be reached under besides localhost, e.g. a proxy's public name (repeatable).", AllowMultipleArgumentsPerToken = false };
        var cmd = new Command("serve",
            "Serve the review page: the items of review.json with their slices on demand (GT and candidate columns, z-scrubbing, zoom, contrast), " +
            "tagged with the keyboard like CVAT (0 = the labels are right, k = candidate k is a motor). Decisions are saved at once in SQLite, " +
            "with history and undo, for several reviewers at the same time; 'motorpick review export-decisions' writes decisions.json for 'labels patch'. " +
            "Every reviewer logs in with their own token (also on 127.0.0.1, which other users of a shared machine reach too).\n\n" +
            "Examples:\n  motorpick review serve --review review/round1 --data train --reviewer alice --reviewer bob\n" +
            "  motorpick review serve --review review/round1 --data train --heatmaps heatmaps/fold0 --port 8090\n" +
            "  motorpick review serve --review review/round1 --data train --no-auth          # your own laptop\n" +
            "  motorpick review serve --review review/round1 --data train --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem\n" +
            "  motorpick review serve --review review/round1 --data train --reviewer alice --trusted-proxy 127.0.0.1   # behind JupyterHub's proxy")
        { review, heatmaps, port, host, reviewers, reviewersFile, noAuth, asReviewer, tokenFile, token, tlsCert, tlsKey, journal, db, basePath, trustedProxy, allowedHost };
        data.AddTo(cmd);
        ctx.SetAction(cmd, (p, ct) =>
        {
            var options = new ReviewServerOptions
            {
                ReviewDir = p.GetValue(review)!, DataRoots = data.Roots(p), CopickTomogramType = p.GetValue(data.CopickTomogram), HeatmapsDir = p.GetValue(heatmaps), Port = p.GetValue(port),
                Host = p.GetValue(host)!, ReviewersPath = p.GetValue(reviewersFile), NoAuth = p.GetValue(noAuth), LocalReviewer = p.GetValue(asReviewer)!,
                Token = ServeToken.Read(p.GetValue(tokenFile), p.GetValue(token), ctx.Warn), TlsCertPath = p.GetValue(tlsCert), TlsKeyPath = p.GetValue(tlsKey),
                Journal = p.GetValue(journal), DatabasePath = p.GetValue(db),
                BasePath = p.GetValue(basePath), TrustedProxies = p.GetValue(trustedProxy) ?? [], AllowedHosts = p.GetValue(allowedHost) ?? [],
            };
            var names = p.GetValue(reviewers) ?? [];
            if (options.NoAuth && names.Length > 0) throw new MotorPickException("--no-auth has no accounts: give --reviewer without it, or --as NAME with it", field: "--reviewer");
            options.Validate();
            var issued = names.Length > 0 ? ReviewerAccounts.AddAccounts(options.ResolvedReviewersPath, names).Issued : [];
            var shown = false;
            try
            {
                ReviewServer.RunAsync(options, server =>
                {
                    shown = true;
                    PrintStarted(ctx, options, server, names, issued);
                }, line => ctx.Error.MarkupLine($"[yellow]server:[/] {Markup.Escape(line)}"), ct).GetAwaiter().GetResult();
            }
            finally
            {
                // The accounts exist now: their tokens must not be lost because the server could not start (port in use...).
                if (!shown)
                    foreach (var t in issued)
                        ctx.Console.MarkupLine($"New account [bold]{Markup.Escape(t.Reviewer)}[/]: token {Markup.Escape(t.Token)} (shown only now; keep it for the next start)");
            }
            ctx.Info.MarkupLine("Stopped. Write decisions.json with 'motorpick review export-decisions'.");
            return CliContext.Ok;
        });
        return cmd;
    }

    /// <summary>The start-up lines: the review, the database and its journal, new accounts' tokens and links (once), where to open.</summary>
    private static void PrintStarted(CliContext ctx, ReviewServerOptions options, ReviewServer server, string[] names, IReadOnlyList<IssuedToken> issued)
    {
        var progress = server.Store.Progress();
        ctx.Console.MarkupLine($"Reviewing [bold]{server.Review.Items.Count}[/] items of {Markup.Escape(Path.GetFullPath(options.ReviewDir))} ({progress.Done} decided so far).");
        ctx.Console.MarkupLine($"Decisions: {Markup.Escape(Path.GetFullPath(server.Store.Path))} (journal {Markup.Escape(server.Store.Journal)} on {Markup.Escape(server.Store.FileSystem)})");
        string Public(Uri url) => options.IsLoopback ? url.ToString() : url.ToString().Replace("127.0.0.1", System.Net.Dns.GetHostName(), StringComparison.Ordinal);
        foreach (var t in issued)
            ctx.Console.MarkupLine($"New account [bold]{Markup.Escape(t.Reviewer)}[/]: token {Markup.Escape(t.Token)} (shown only now; give it to {Markup.Escape(t.Reviewer)} privately)\n  login link: {Markup.Escape(Public(server.LoginUrl(t.Token)))}");
        foreach (var n in names.Where(n => issued.All(t => t.Reviewer != n)).Distinct())
            ctx.Console.MarkupLine($"{Markup.Escape(n)} already has an account in {Markup.Escape(options.ResolvedReviewersPath)}: the token given before stays valid.");
        var who = options.NoAuth ? $"no login: everyone here is {options.LocalReviewer}"
            : $"{server.Accounts.All.Count} reviewer account(s){(options.Token is null ? "" : $", and a shared token for {options.LocalReviewer}")}; each logs in with their token";
        ctx.Console.MarkupLine(options.IsLoopback
            ? $"Open [link][bold]{Markup.Escape(server.PageUrl.ToString())}[/][/] (this machine only; {Markup.Escape(who)}). Press Ctrl+C to stop."
            : $"[yellow]Listening on {Markup.Escape(options.Host)}: reachable from other machines{(options.UsesTls ? "" : " over plain HTTP (give --tls-cert/--tls-key, or use an SSH tunnel)")}; {Markup.Escape(who)}.[/]\n" +
              $"Open [bold]{Markup.Escape(Public(server.PageUrl))}[/]. Press Ctrl+C to stop.");
    }
}
