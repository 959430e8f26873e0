using System.Globalization;
using Microsoft.Data.Sqlite;
using MotorPick.Core;
using MotorPick.Curation.Review;

namespace MotorPick.Review.Web.Storage;

/// <summary>
/// The review decisions in SQLite: the current tags per (item, reviewer) and the full history of changes, each
/// with its reviewer, time and previous tags, so that any change can be undone and every reviewer's work survives.
/// Writes go through one connection under a lock, each in an IMMEDIATE transaction (other processes on the same
/// file wait through the busy timeout); reads use pooled connections and see committed data only. A request id,
/// when given, makes a write idempotent: a retried request gets its first answer back and changes nothing.
/// The journal is WAL only on a local file system, the rollback journal elsewhere (<see cref="JournalChoice"/>), and
/// every commit is synced (<c>synchronous=FULL</c>): a decision acknowledged to the page survives a power cut.
/// </summary>
public sealed class DecisionStore : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _writeGate = new();
    private readonly TimeProvider _time;

    private DecisionStore(string path, ReviewSet review, TimeProvider time)
    {
        Path = path;
        Review = review;
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The review the decisions belong to (items are addressed by their index in it).</summary>
    public ReviewSet Review { get; }

    /// <summary>The journal mode in use (what SQLite reports), and the file system type it was chosen for.</summary>
    public string Journal { get; private set; } = "";

    /// <summary>The type of the file system holding the database ("unknown" off Linux).</summary>
    public string FileSystem { get; private set; } = "";

    /// <summary>Opens (or creates) the database of a review; refuses one whose decisions were made for other items.</summary>
    public static DecisionStore Open(string path, ReviewSet review, TimeProvider? time = null, JournalMode journal = Storage.JournalMode.Auto)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var store = new DecisionStore(path, review, time ?? TimeProvider.System);
        try
        {
            store.Initialise(journal);
            return store;
        }
        catch (SqliteException ex)
        {
            store.Dispose();
            throw new MotorPickException($"cannot open the decisions database ({ex.Message})", path, inner: ex);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private void Initialise(JournalMode journal)
    {
        var (mode, fs) = JournalChoice.Resolve(journal, Path);
        FileSystem = fs;
        // A database left in WAL by an earlier version stays WAL until this switches it (that needs no other connection).
        Journal = Scalar(_writer, null, mode == Storage.JournalMode.Wal ? "PRAGMA journal_mode=WAL;" : "PRAGMA journal_mode=DELETE;") ?? "";
        Exec(_writer, "PRAGMA synchronous=FULL;");
        Exec(_writer, """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS events(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                request_id TEXT UNIQUE,
                item INTEGER NOT NULL,
                tomo_id TEXT NOT NULL,
                reviewer TEXT NOT NULL,
                time TEXT NOT NULL,
                action TEXT NOT NULL,
                tags TEXT NOT NULL,
                previous TEXT NOT NULL,
                undone_by INTEGER,
                undoes INTEGER);
            CREATE INDEX IF NOT EXISTS events_item ON events(item, id);
            CREATE INDEX IF NOT EXISTS events_reviewer ON events(reviewer, id);
            CREATE TABLE IF NOT EXISTS current(
                item INTEGER NOT NULL,
                reviewer TEXT NOT NULL,
                tomo_id TEXT NOT NULL,
                tags TEXT NOT NULL,
                time TEXT NOT NULL,
                PRIMARY KEY(item, reviewer));
            """);
        lock (_writeGate)
        {
            using var tx = _writer.BeginTransaction();
            var version = Scalar(_writer, tx, "SELECT value FROM meta WHERE key = 'schema_version'");
            if (version is not null && version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
                throw new MotorPickException($"schema version {version} is not supported (expected {SchemaVersion})", Path);
            // Items are addressed by index: make sure this database's decisions name the same tomograms as review.json.
            using (var cmd = Command(_writer, tx, "SELECT DISTINCT item, tomo_id FROM events"))
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                {
                    var item = r.GetInt32(0);
                    var tomo = r.GetString(1);
                    if (item >= Review.Items.Count || Review.Items[item].TomoId != tomo)
                        throw new MotorPickException(
                            $"this database holds decisions on item {item} = {tomo}, but review.json has {(item < Review.Items.Count ? Review.Items[item].TomoId : "no such item")}: " +
                            "it belongs to another review (give --db a new file, or serve the review it was made for)", Path);
                }
            Exec(_writer, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', $v)", ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
            tx.Commit();
        }
    }

    /// <summary>Applies a tag action of <paramref name="reviewer"/> to an item and records it (unless nothing changes).</summary>
    public TagResult Apply(int itemIndex, string reviewer, TagAction action, IReadOnlyList<int> tags, string? requestId = null)
    {
        var item = ItemOrThrow(itemIndex);
        CheckReviewer(reviewer);
        lock (_writeGate)
        {
            using var tx = _writer.BeginTransaction();
            if (Replay(tx, requestId, reviewer) is { } replay) return replay;
            var previous = CurrentTags(tx, itemIndex, reviewer);
            var next = TagEdit.Apply(item, previous, action, tags);
            if (previous.SequenceEqual(next)) return new TagResult(0, itemIndex, reviewer, next, previous, Changed: false, Replayed: false);
            var id = Record(tx, item, reviewer, action.ToString().ToLowerInvariant(), next, previous, requestId, undoes: null);
            tx.Commit();
            return new TagResult(id, itemIndex, reviewer, next, previous, Changed: true, Replayed: false);
        }
    }

    /// <summary>Undoes the latest change of <paramref name="reviewer"/> not undone yet (repeat to go further back); null when there is none.</summary>
    public TagResult? Undo(string reviewer, string? requestId = null)
    {
        CheckReviewer(reviewer);
        lock (_writeGate)
        {
            using var tx = _writer.BeginTransaction();
            if (Replay(tx, requestId, reviewer) is { } replay) return replay;
            long target;
            int itemIndex;
            int[] restored;
            using (var cmd = Command(_writer, tx,
                "SELECT id, item, previous FROM events WHERE reviewer = $r AND action <> 'undo' AND undone_by IS NULL ORDER BY id DESC LIMIT 1", ("$r", reviewer)))
            using (var r = cmd.ExecuteReader())
            {
                if (!r.Read()) return null;
                target = r.GetInt64(0);
                itemIndex = r.GetInt32(1);
                restored = ParseTags(r.GetString(2));
            }
            var item = ItemOrThrow(itemIndex);
            var current = CurrentTags(tx, itemIndex, reviewer);
            var id = Record(tx, item, reviewer, "undo", restored, current, requestId, undoes: target);
            Exec(_writer, tx, "UPDATE events SET undone_by = $u WHERE id = $id", ("$u", id), ("$id", target));
            tx.Commit();
            return new TagResult(id, itemIndex, reviewer, restored, current, Changed: true, Replayed: false);
        }
    }

    /// <summary>Current tags; of one reviewer, or of all. Items whose tags were all removed are left out.</summary>
    public IReadOnlyList<CurrentDecision> Current(string? reviewer = null)
    {
        using var c = OpenReader();
        using var cmd = reviewer is null
            ? Command(c, null, "SELECT item, tomo_id, reviewer, tags, time FROM current WHERE tags <> '[]' ORDER BY item, reviewer")
            : Command(c, null, "SELECT item, tomo_id, reviewer, tags, time FROM current WHERE tags <> '[]' AND reviewer = $r ORDER BY item", ("$r", reviewer));
        using var r = cmd.ExecuteReader();
        var list = new List<CurrentDecision>();
        while (r.Read()) list.Add(new CurrentDecision(r.GetInt32(0), r.GetString(1), r.GetString(2), ParseTags(r.GetString(3)), ParseTime(r.GetString(4))));
        return list;
    }

    /// <summary>History, newest first: of one item and/or one reviewer, or all.</summary>
    public IReadOnlyList<DecisionEvent> History(int? item = null, string? reviewer = null, int limit = 1000)
    {
        using var c = OpenReader();
        using var cmd = Command(c, null,
            "SELECT id, item, tomo_id, reviewer, time, action, tags, previous, undone_by, undoes FROM events " +
            "WHERE ($i IS NULL OR item = $i) AND ($r IS NULL OR reviewer = $r) ORDER BY id DESC LIMIT $n",
            ("$i", item), ("$r", reviewer), ("$n", Math.Clamp(limit, 1, 1_000_000)));
        using var r = cmd.ExecuteReader();
        var list = new List<DecisionEvent>();
        while (r.Read())
            list.Add(new DecisionEvent(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), ParseTime(r.GetString(4)), r.GetString(5),
                ParseTags(r.GetString(6)), ParseTags(r.GetString(7)), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetInt64(9)));
        return list;
    }

    /// <summary>Items decided (by this reviewer, or by anyone) out of all items.</summary>
    public ReviewProgress Progress(string? reviewer = null)
    {
        var current = Current();
        var byReviewer = current.GroupBy(d => d.Reviewer).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var done = reviewer is null ? current.Select(d => d.Item).Distinct().Count() : byReviewer.GetValueOrDefault(reviewer);
        return new ReviewProgress(done, Review.Items.Count, byReviewer);
    }

    /// <summary>
    /// The decisions as <c>decisions.json</c> holds them (what <c>labels patch</c> reads): with a reviewer, that
    /// reviewer's tags; without, the items the reviewers agree on (<see cref="ReviewerAgreement.Decisions"/>).
    /// </summary>
    public DecisionSet Export(string? reviewer = null) => ReviewerAgreement.Decisions(Review, Current(reviewer), "web");

    /// <summary>The agreement table (<see cref="ReviewerAgreement.Report"/>) of the current tags.</summary>
    public AgreementReport Agreement() => ReviewerAgreement.Report(Review, Current());

    public void Dispose()
    {
        lock (_writeGate) _writer.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    // ---- internals ----

    private ReviewItem ItemOrThrow(int index) =>
        index >= 0 && index < Review.Items.Count ? Review.Items[index] : throw new ArgumentException($"there is no item {index} (items are 0..{Review.Items.Count - 1})");

    private static void CheckReviewer(string reviewer)
    {
        if (!ReviewerName.IsValid(reviewer)) throw new ArgumentException(ReviewerName.Rule);
    }

    private TagResult? Replay(SqliteTransaction tx, string? requestId, string reviewer)
    {
        if (requestId is null) return null;
        if (requestId.Length is 0 or > 100) throw new ArgumentException("a request id has 1 to 100 characters");
        using var cmd = Command(_writer, tx, "SELECT id, item, reviewer, tags, previous FROM events WHERE request_id = $q", ("$q", requestId));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        if (r.GetString(2) != reviewer) throw new ArgumentException("this request id was used by another reviewer");
        return new TagResult(r.GetInt64(0), r.GetInt32(1), reviewer, ParseTags(r.GetString(3)), ParseTags(r.GetString(4)), Changed: true, Replayed: true);
    }

    private int[] CurrentTags(SqliteTransaction tx, int item, string reviewer) =>
        Scalar(_writer, tx, "SELECT tags FROM current WHERE item = $i AND reviewer = $r", ("$i", item), ("$r", reviewer)) is { } s ? ParseTags(s) : [];

    private long Record(SqliteTransaction tx, ReviewItem item, string reviewer, string action, int[] tags, int[] previous, string? requestId, long? undoes)
    {
        var time = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var id = (long)Command(_writer, tx,
            "INSERT INTO events(request_id, item, tomo_id, reviewer, time, action, tags, previous, undoes) VALUES ($q, $i, $t, $r, $time, $a, $tags, $prev, $u) RETURNING id",
            ("$q", requestId), ("$i", item.Index), ("$t", item.TomoId), ("$r", reviewer), ("$time", time), ("$a", action),
            ("$tags", FormatTags(tags)), ("$prev", FormatTags(previous)), ("$u", undoes)).ExecuteScalar()!;
        Exec(_writer, tx, "INSERT INTO current(item, reviewer, tomo_id, tags, time) VALUES ($i, $r, $t, $tags, $time) " +
            "ON CONFLICT(item, reviewer) DO UPDATE SET tags = excluded.tags, time = excluded.time",
            ("$i", item.Index), ("$r", reviewer), ("$t", item.TomoId), ("$tags", FormatTags(tags)), ("$time", time));
        return id;
    }

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    /// <summary>The <c>synchronous</c> setting of the writing connection (2 = FULL), for checks.</summary>
    public long Synchronous()
    {
        lock (_writeGate)
        {
            using var cmd = Command(_writer, null, "PRAGMA synchronous;");
            return (long)cmd.ExecuteScalar()!;
        }
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static void Exec(SqliteConnection c, string sql) => Exec(c, null, sql);

    private static void Exec(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return cmd.ExecuteScalar() as string;
    }

    internal static string FormatTags(IEnumerable<int> tags) => "[" + string.Join(",", tags.Select(t => t.ToString(CultureInfo.InvariantCulture))) + "]";

    internal static int[] ParseTags(string s) =>
        s.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
