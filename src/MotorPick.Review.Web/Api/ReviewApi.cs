using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MotorPick.Curation.Review;
using MotorPick.Review.Web.Imaging;
using MotorPick.Review.Web.Security;
using MotorPick.Review.Web.Storage;

namespace MotorPick.Review.Web.Api;

/// <summary>
/// The JSON and image endpoints under <c>/api</c>. Items are addressed by their index in review.json, never by a
/// path. Every write (POST) needs the anti-forgery token of <c>GET /api/session</c> in the <c>X-MotorPick-Csrf</c> header.
/// Writes are made by the logged-in reviewer (<see cref="ReviewerLogin.Current"/>); a body that names someone else is
/// refused with 403. The <c>reviewer</c> query parameter of the reading endpoints only chooses whose tags to show.
/// </summary>
public static class ReviewApi
{
    public const string CsrfHeader = "X-MotorPick-Csrf";

    public static void Map(IEndpointRouteBuilder app, ReviewServerOptions options, ReviewSet review, DecisionStore store, SliceSource slices, ReviewerLogin login)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/session", (HttpContext ctx, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(ctx);
            return new SessionDto(tokens.RequestToken!, CsrfHeader, ReviewerLogin.Current(ctx), login.Required, Path.GetFullPath(options.ReviewDir), review.Items.Count,
                review.Counts, review.Threshold, review.Match == MatchMode.All ? "all" : "top1", review.RadiusA, slices.HasHeatmaps, SliceView.MaxSize);
        });

        // Logging in needs no anti-forgery token (there is no session yet to protect); AccessGuard refuses other origins,
        // and a JSON body cannot be sent cross-site without the browser asking first.
        api.MapPost("/login", (HttpContext ctx, LoginRequest request) =>
        {
            if (!login.Required) return Results.Ok(new LoginDto(ReviewerLogin.Current(ctx)));
            if (login.ByToken(request.Token) is not { } reviewer)
                return Results.Json(new ErrorDto("this token is not valid here"), statusCode: StatusCodes.Status401Unauthorized);
            login.SignIn(ctx, reviewer);
            return Results.Ok(new LoginDto(reviewer));
        });

        api.MapGet("/items", (HttpContext ctx, string? reviewer, string? judge, string? tomo, double? minConf, double? maxConf, string? status) =>
        {
            reviewer = Whose(ctx, reviewer);
            var mine = store.Current(reviewer).ToDictionary(d => d.Item, d => d.Tags);
            var counts = store.Current().GroupBy(d => d.Item).ToDictionary(g => g.Key, g => g.Count());
            var all = review.Items.Select(i => ToDto(i, review, mine.GetValueOrDefault(i.Index) ?? [], counts.GetValueOrDefault(i.Index), slices)).ToArray();
            Judgement? judgeFilter = judge is null or "" or "all" ? null
                : Enum.TryParse<Judgement>(judge, ignoreCase: true, out var j) ? j : throw new ArgumentException("judge must be FP, FN, TP, TN or all");
            bool? decided = status switch
            {
                null or "" or "all" => null,
                "undecided" => false,
                "decided" => true,
                _ => throw new ArgumentException("status must be all, undecided or decided"),
            };
            var matching = all.Where(i =>
                (judgeFilter is null || i.Judge == judgeFilter)
                && (string.IsNullOrEmpty(tomo) || i.TomoId.Contains(tomo, StringComparison.OrdinalIgnoreCase))
                && (minConf is null || i.TopConf >= minConf) && (maxConf is null || i.TopConf <= maxConf)
                && (decided is null || (i.Tags.Length > 0) == decided)).ToArray();
            return new ItemListDto(all.Length, mine.Count, matching.Length, matching);
        });

        api.MapGet("/items/{index:int}", (HttpContext ctx, int index, string? reviewer) =>
        {
            var item = Item(review, index);
            reviewer = Whose(ctx, reviewer);
            var all = store.Current().Where(d => d.Item == index).ToArray();
            var mine = all.FirstOrDefault(d => d.Reviewer == reviewer)?.Tags ?? [];
            return new
            {
                item = ToDto(item, review, mine, all.Length, slices),
                others = all.Where(d => d.Reviewer != reviewer).ToDictionary(d => d.Reviewer, d => d.Tags),
            };
        });

        api.MapGet("/items/{index:int}/slice", (HttpContext ctx, int index, int? z, int? y, int? x, int? size, string? contrast, int? lo, int? hi, bool? invert, string? format) =>
        {
            var item = Item(review, index);
            var (zz, view, fmt) = ParseView(item, z, y, x, size, contrast, lo, hi, invert, format);
            var etag = ETag("slice", index, zz, view, fmt, slices.Fingerprint(item, zz));
            if (NotModified(ctx, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            var pixels = SliceRenderer.Crop(slices.Slice(item, zz), item.Shape.Y, item.Shape.X, view);
            return Image(ctx, SliceRenderer.Encode(pixels, view.Size, view.Size, 1, fmt), fmt);
        });

        api.MapGet("/items/{index:int}/heatmap", (HttpContext ctx, int index, int? z, int? y, int? x, int? size, string? format) =>
        {
            var item = Item(review, index);
            var heatmap = slices.Heatmap(item);
            if (heatmap is null) return Results.NotFound(new ErrorDto($"no heatmap for {item.TomoId}"));
            var (zz, view, fmt) = ParseView(item, z, y, x, size, null, null, null, null, format);
            var etag = ETag("heatmap", index, zz, view, fmt, $"{heatmap.Shape}");
            if (NotModified(ctx, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            var rgb = SliceRenderer.HeatmapCrop(heatmap, zz, item.Shape.Z, item.Shape.Y, item.Shape.X, view);
            return Image(ctx, SliceRenderer.Encode(rgb, view.Size, view.Size, 3, fmt), fmt);
        });

        api.MapGet("/items/{index:int}/image", (HttpContext ctx, int index) =>
        {
            var item = Item(review, index);
            var path = slices.RenderedImage(item);
            if (path is null) return Results.NotFound(new ErrorDto("this item has no rendered image; run 'motorpick review render' to make them"));
            ctx.Response.Headers.CacheControl = "private, no-cache";
            return Results.File(path, "image/jpeg", enableRangeProcessing: false, lastModified: File.GetLastWriteTimeUtc(path));
        });

        api.MapGet("/items/{index:int}/history", (int index) =>
        {
            Item(review, index);
            return store.History(item: index);
        });

        api.MapGet("/history", (string? reviewer, int? limit) => store.History(reviewer: reviewer, limit: limit ?? 200));
        api.MapGet("/progress", (string? reviewer) => store.Progress(reviewer));
        api.MapGet("/agreement", () => store.Agreement());

        api.MapGet("/export", (HttpContext ctx, string? reviewer) =>
        {
            var set = store.Export(string.IsNullOrEmpty(reviewer) ? null : reviewer);
            var tmp = Path.Combine(Path.GetTempPath(), "motorpick-export-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                DecisionFile.Write(tmp, set);
                ctx.Response.Headers.ContentDisposition = "attachment; filename=\"decisions.json\"";
                return Results.Bytes(File.ReadAllBytes(tmp), "application/json");
            }
            finally
            {
                File.Delete(tmp);
            }
        });

        var writes = api.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            await antiforgery.ValidateRequestAsync(context.HttpContext);
            return await next(context);
        });

        writes.MapPost("/items/{index:int}/tags", (HttpContext ctx, int index, TagRequest request) =>
        {
            Item(review, index);
            var action = request.Action?.ToLowerInvariant() switch
            {
                "add" => TagAction.Add,
                "remove" => TagAction.Remove,
                "set" => TagAction.Set,
                _ => throw new ArgumentException("action must be add, remove or set"),
            };
            var tags = request.Tags ?? throw new ArgumentException("tags are missing");
            if (tags.Length > 64) throw new ArgumentException("too many tags");
            return store.Apply(index, Author(ctx, request.Reviewer), action, tags, request.RequestId);
        });

        writes.MapPost("/undo", (HttpContext ctx, UndoRequest request) =>
            store.Undo(Author(ctx, request.Reviewer), request.RequestId) is { } result
                ? Results.Ok(result)
                : Results.NotFound(new ErrorDto("nothing to undo")));

        writes.MapPost("/logout", (HttpContext ctx) =>
        {
            login.SignOut(ctx);
            return Results.Ok(new LoginDto(null));
        });
    }

    private static ItemDto ToDto(ReviewItem i, ReviewSet review, int[] tags, int reviewers, SliceSource slices) => new(
        i.Index, i.Judge, i.TomoId, [i.Shape.Z, i.Shape.Y, i.Shape.X], i.VoxelSpacing, review.RadiusA / i.VoxelSpacing,
        i.Labels.Select(p => new[] { p.Z, p.Y, p.X }).ToArray(),
        i.Candidates.Select((c, k) => new CandidateDto(k + 1, [c.Point.Z, c.Point.Y, c.Point.X], c.Conf)).ToArray(),
        i.Candidates.Count > 0 ? i.Candidates.Max(c => c.Conf) : 0, tags, reviewers, i.ImageName, slices.RenderedImage(i) is not null);

    private static ReviewItem Item(ReviewSet review, int index) =>
        index >= 0 && index < review.Items.Count ? review.Items[index] : throw new ItemNotFoundException(index);

    /// <summary>Whose tags a read shows: the named reviewer's, else the logged-in one's.</summary>
    private static string Whose(HttpContext ctx, string? reviewer)
    {
        if (string.IsNullOrEmpty(reviewer)) return ReviewerLogin.Current(ctx);
        return ReviewerName.IsValid(reviewer) ? reviewer : throw new ArgumentException(ReviewerName.Rule);
    }

    /// <summary>Who makes a write: always the logged-in reviewer; a body naming anyone else is refused.</summary>
    private static string Author(HttpContext ctx, string? named)
    {
        var me = ReviewerLogin.Current(ctx);
        return named is null or "" || named == me ? me : throw new OtherReviewerException(me, named);
    }

    private static (int Z, SliceView View, ImageFormat Format) ParseView(ReviewItem item, int? z, int? y, int? x, int? size,
        string? contrast, int? lo, int? hi, bool? invert, string? format)
    {
        var zz = z ?? item.Shape.Z / 2;
        if (zz < 0 || zz >= item.Shape.Z) throw new ArgumentException($"z must be in 0..{item.Shape.Z - 1}");
        var n = size ?? 256;
        if (n is < SliceView.MinSize or > SliceView.MaxSize) throw new ArgumentException($"size must be in {SliceView.MinSize}..{SliceView.MaxSize}");
        var cy = y ?? item.Shape.Y / 2;
        var cx = x ?? item.Shape.X / 2;
        if (cy < -n || cy > item.Shape.Y + n || cx < -n || cx > item.Shape.X + n) throw new ArgumentException("the crop centre is outside the slice");
        var mode = contrast switch
        {
            null or "" or "auto" => ContrastMode.Auto,
            "window" => ContrastMode.Window,
            "none" => ContrastMode.None,
            _ => throw new ArgumentException("contrast must be auto, window or none"),
        };
        if (lo is < 0 or > 255 || hi is < 0 or > 255) throw new ArgumentException("lo and hi are grey levels 0..255");
        var fmt = format switch
        {
            null or "" or "png" => ImageFormat.Png,
            "jpeg" or "jpg" => ImageFormat.Jpeg,
            _ => throw new ArgumentException("format must be png or jpeg"),
        };
        return (zz, new SliceView(cy, cx, n, mode, lo ?? 0, hi ?? 255, invert ?? false), fmt);
    }

    private static string ETag(string kind, int index, int z, SliceView view, ImageFormat format, string source)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{kind}|{index}|{z}|{view}|{format}|{source}");
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20] + "\"";
    }

    private static bool NotModified(HttpContext ctx, string etag)
    {
        ctx.Response.Headers.ETag = etag;
        ctx.Response.Headers.CacheControl = "private, max-age=3600";
        return ctx.Request.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == etag);
    }

    private static IResult Image(HttpContext ctx, byte[] bytes, ImageFormat format) =>
        Results.Bytes(bytes, format == ImageFormat.Png ? "image/png" : "image/jpeg");
}

/// <summary>A request named an item index that review.json does not have (404).</summary>
public sealed class ItemNotFoundException(int index) : Exception($"there is no item {index}");
