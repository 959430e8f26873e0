using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;

namespace MotorPick.Review.Web.Security;

/// <summary>A reviewer account as the reviewers file stores it: the name, and a salted hash of its token (never the token).</summary>
public sealed record ReviewerAccount(string Name, byte[] Salt, byte[] Hash, DateTimeOffset Created);

/// <summary>A token issued for a new account: shown once, then only its hash is kept.</summary>
public sealed record IssuedToken(string Reviewer, string Token);

/// <summary>
/// The reviewers file (<c>&lt;review&gt;/reviewers.json</c> by default): one account per reviewer, each with the
/// salted SHA-256 of its token. Tokens are 256 random bits made here, so a fast hash is enough (nothing to guess from a
/// dictionary), and the file stays useless to someone who reads it. Written atomically, mode 0600.
/// </summary>
public sealed class ReviewerAccounts
{
    private const string Format = "motorpick-reviewers";
    private const int Version = 1;
    private const int TokenBytes = 32;
    private readonly Dictionary<string, ReviewerAccount> _accounts;

    private ReviewerAccounts(IEnumerable<ReviewerAccount> accounts) =>
        _accounts = accounts.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>No accounts.</summary>
    public static ReviewerAccounts Empty { get; } = new([]);

    /// <summary>The accounts, by name.</summary>
    public IReadOnlyCollection<ReviewerAccount> All => _accounts.Values;

    public bool Contains(string name) => _accounts.ContainsKey(name);

    /// <summary>The reviewer whose token this is, or null. Every account is compared, each in constant time.</summary>
    public string? Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256) return null;
        var bytes = Encoding.UTF8.GetBytes(token);
        string? found = null;
        foreach (var a in _accounts.Values)
            if (CryptographicOperations.FixedTimeEquals(HashToken(a.Salt, bytes), a.Hash)) found = a.Name;
        return found;
    }

    /// <summary>Reads the file; a missing file has no accounts.</summary>
    public static ReviewerAccounts Load(string path)
    {
        if (!File.Exists(path)) return Empty;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new MotorPickException("expected a JSON object", path);
            if (root["format"]?.GetValue<string>() != Format || root["version"]?.GetValue<int>() != Version)
                throw new MotorPickException($"not a reviewers file: expected format '{Format}', version {Version}", path);
            var list = new List<ReviewerAccount>();
            foreach (var node in root["reviewers"]?.AsArray() ?? [])
            {
                var name = ReviewerName.Check(node?["name"]?.GetValue<string>(), "reviewers.name", path);
                var salt = Convert.FromBase64String(node!["salt"]!.GetValue<string>());
                var hash = Convert.FromBase64String(node["sha256"]!.GetValue<string>());
                if (salt.Length < 16 || hash.Length != 32) throw new MotorPickException($"the account of {name} has a malformed salt or hash", path);
                var created = DateTimeOffset.Parse(node["created"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                if (list.Any(a => a.Name == name)) throw new MotorPickException($"reviewer {name} appears twice", path);
                list.Add(new ReviewerAccount(name, salt, hash, created));
            }
            return new ReviewerAccounts(list);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new MotorPickException($"cannot read the reviewers file ({ex.Message})", path, inner: ex);
        }
    }

    /// <summary>
    /// Adds an account with a fresh random token for every name of <paramref name="names"/> not in the file yet, writes
    /// the file, and returns the new tokens (the only time they exist outside the reviewers' hands). Names that already
    /// have an account keep their token and are not returned.
    /// </summary>
    public static (ReviewerAccounts Accounts, IReadOnlyList<IssuedToken> Issued) AddAccounts(string path, IEnumerable<string> names, TimeProvider? time = null)
    {
        var current = Load(path);
        var accounts = new List<ReviewerAccount>(current.All.OrderBy(a => a.Created).ThenBy(a => a.Name, StringComparer.Ordinal));
        var issued = new List<IssuedToken>();
        var now = (time ?? TimeProvider.System).GetUtcNow();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            ReviewerName.Check(name, "--reviewer");
            if (current.Contains(name)) continue;
            var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
            var salt = RandomNumberGenerator.GetBytes(16);
            accounts.Add(new ReviewerAccount(name, salt, HashToken(salt, Encoding.UTF8.GetBytes(token)), now));
            issued.Add(new IssuedToken(name, token));
        }
        if (issued.Count > 0) Write(path, accounts);
        return (new ReviewerAccounts(accounts), issued);
    }

    private static void Write(string path, IReadOnlyList<ReviewerAccount> accounts)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["note"] = "salted SHA-256 hashes of the reviewers' tokens; the tokens themselves are not stored",
            ["reviewers"] = new JsonArray(accounts.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["salt"] = Convert.ToBase64String(a.Salt),
                ["sha256"] = Convert.ToBase64String(a.Hash),
                ["created"] = a.Created.ToString("O", CultureInfo.InvariantCulture),
            }).ToArray()),
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        // AtomicFile creates with the process umask; the hashes are not secrets, but nobody else needs to read them.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    internal static byte[] HashToken(byte[] salt, byte[] token)
    {
        var buffer = new byte[salt.Length + token.Length];
        salt.CopyTo(buffer, 0);
        token.CopyTo(buffer, salt.Length);
        return SHA256.HashData(buffer);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
