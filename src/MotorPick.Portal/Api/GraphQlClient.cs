using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;

namespace MotorPick.Portal.Api;

/// <summary>
/// GraphQL over HTTP: <c>POST {"query", "variables"}</c>, answer <c>{"data": ...}</c> or <c>{"errors": [...]}</c>.
/// Transient failures (timeouts, dropped connections, 5xx) are retried; GraphQL errors and malformed answers are not,
/// and become a <see cref="MotorPickException"/> naming the endpoint, the operation and what was wrong.
/// </summary>
public sealed class GraphQlClient(HttpClient http, string endpoint, RetryPolicy? policy = null)
{
    public string Endpoint { get; } = endpoint;

    public RetryPolicy Policy { get; } = policy ?? new RetryPolicy();

    /// <summary>Requests sent, retries included (for tests and the summary).</summary>
    public int RequestsSent => _sent;

    private int _sent;

    /// <summary>Runs <paramref name="query"/> and returns its <c>data</c> object.</summary>
    public Task<JsonObject> QueryAsync(GraphQlQuery query, IReadOnlyDictionary<string, object?> variables, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["operationName"] = query.OperationName,
            ["query"] = query.Document,
            ["variables"] = variables,
        });
        var where = $"{Endpoint} ({query.OperationName})";
        PortalUrls.Check(Endpoint, "the GraphQL endpoint");
        return PortalHttp.WithRetriesAsync(Policy, where, async (_, ct) =>
        {
            Interlocked.Increment(ref _sent);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Policy.RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (RetryPolicy.IsTransient(response.StatusCode)) throw RetryPolicy.StatusFailure(response);
            // Read as it arrives and capped: a server's Content-Length or endless body must not decide how much memory is used.
            var bytes = await BoundedBody.ReadAsync(response, SizeLimit.Json, Endpoint, (body, buffer) => body.ReadAsync(buffer, timeout.Token).AsTask(),
                null, timeout.Token).ConfigureAwait(false);
            return Parse(Encoding.UTF8.GetString(bytes), response.StatusCode, where);
        }, cancellationToken);
    }

    /// <summary>Checks a GraphQL answer and returns its data object.</summary>
    internal static JsonObject Parse(string text, HttpStatusCode status, string where)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            // A body that is not JSON at all is usually a proxy's error page or a cut-off answer: worth another try.
            throw new TransientException($"malformed answer (HTTP {(int)status}): not JSON ({ex.Message}); it begins with '{Snippet(text)}'", ex);
        }
        if (root is not JsonObject obj)
            throw new MotorPickException($"malformed answer (HTTP {(int)status}): expected a JSON object with 'data' or 'errors', got '{Snippet(text)}'", where);
        if (obj["errors"] is JsonArray errors && errors.Count > 0)
        {
            var messages = errors.Select(e => e?["message"]?.GetValueKind() == JsonValueKind.String ? e["message"]!.GetValue<string>() : e?.ToJsonString()).ToList();
            throw new MotorPickException($"the portal answered with GraphQL errors: {string.Join("; ", messages.Take(5))}" +
                (messages.Count > 5 ? $" (and {messages.Count - 5} more)" : ""), where, field: "errors");
        }
        if (status != HttpStatusCode.OK)
            throw new MotorPickException($"HTTP {(int)status}: '{Snippet(text)}'", where);
        if (obj["data"] is not JsonObject data)
            throw new MotorPickException("malformed answer: no 'data' object and no 'errors'", where, field: "data");
        return data;
    }

    private static string Snippet(string text) => text.Length <= 120 ? text : text[..120] + "...";
}

/// <summary>A GraphQL document with one named operation.</summary>
public sealed record GraphQlQuery(string OperationName, string Document);
