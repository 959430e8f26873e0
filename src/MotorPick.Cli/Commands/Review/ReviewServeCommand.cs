using System.CommandLine;
using MotorPick.Review.Web;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Review;

/// <summary><c>motorpick review serve</c>: the review page in the browser, decisions in SQLite.</summary>
public static class ReviewServeCommand
{
    public static Command Create(CliContext ctx)
    {
        var review = new Option<string>("--review") { Description = "Review directory with review.json (from 'motorpick review mine').", Required = true };
        var data = new Option<string>("--data") { Description = "Directory holding the JPEG stacks (<data>/<tomo_id>/slice_%04d.jpg).", Required = true };
        var heatmaps = new Option<string?>("--heatmaps") { Description = "Directory of saved heatmaps (<tomo_id>.npy) for the heatmap panels." };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on. Anything but loopback needs --token.", DefaultValueFactory = _ => "127.0.0.1" };
        var reviewer = new Option<string>("--reviewer") { Description = "Reviewer name the page starts with (each browser can change its own).", DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } u && ReviewerName.IsValid(u) ? u : "reviewer" };
        var token = new Option<string?>("--token") { Description = "Shared secret every request must carry (header X-MotorPick-Token or the cookie set by the start-up link). Required off loopback." };
        var db = new Option<string?>("--db") { Description = "SQLite file of the decisions (default <review>/review-decisions.sqlite)." };
        var cmd = new Command("serve",
            "Serve the review page: the items of review.json with their slices on demand (GT and candidate columns, z-scrubbing, zoom, contrast), " +
            "tagged with the keyboard like CVAT (0 = the labels are right, k = candidate k is a motor). Decisions are saved at once in SQLite, " +
            "with history and undo, for several reviewers at the same time; 'motorpick review export-decisions' writes decisions.json for 'labels patch'.\n\n" +
            "Examples:\n  motorpick review serve --review review/round1 --data train\n" +
            "  motorpick review serve --review review/round1 --data train --heatmaps heatmaps/fold0 --port 8090 --reviewer alice\n" +
            "  motorpick review serve --review review/round1 --data train --host 0.0.0.0 --token \"$(openssl rand -hex 16)\"")
        { review, data, heatmaps, port, host, reviewer, token, db };
        ctx.SetAction(cmd, (p, ct) =>
        {
            var options = new ReviewServerOptions
            {
                ReviewDir = p.GetValue(review)!, DataDir = p.GetValue(data)!, HeatmapsDir = p.GetValue(heatmaps), Port = p.GetValue(port),
                Host = p.GetValue(host)!, DefaultReviewer = p.GetValue(reviewer)!, Token = p.GetValue(token), DatabasePath = p.GetValue(db),
            };
            ReviewServer.RunAsync(options, server =>
            {
                var progress = server.Store.Progress();
                ctx.Console.MarkupLine($"Reviewing [bold]{server.Review.Items.Count}[/] items of {Markup.Escape(Path.GetFullPath(options.ReviewDir))} ({progress.Done} decided so far).");
                ctx.Console.MarkupLine($"Decisions: {Markup.Escape(Path.GetFullPath(server.Store.Path))}");
                ctx.Console.MarkupLine(options.IsLoopback
                    ? $"Open [link][bold]{Markup.Escape(server.BrowserUrl.ToString())}[/][/] (this machine only). Press Ctrl+C to stop."
                    : $"[yellow]Listening on {Markup.Escape(options.Host)}: reachable from other machines; every request needs the token.[/]\n" +
                      $"Open [bold]{Markup.Escape(server.BrowserUrl.ToString().Replace("127.0.0.1", System.Net.Dns.GetHostName(), StringComparison.Ordinal))}[/] " +
                      "(the link sets a cookie), or send the header X-MotorPick-Token. Press Ctrl+C to stop.");
            }, line => ctx.Error.MarkupLine($"[yellow]server:[/] {Markup.Escape(line)}"), ct).GetAwaiter().GetResult();
            ctx.Info.MarkupLine("Stopped. Write decisions.json with 'motorpick review export-decisions'.");
            return CliContext.Ok;
        });
        return cmd;
    }
}
