using MotorPick.Core;

namespace MotorPick.Interop.Star;

/// <summary>One row of a STAR table with its 1-based line number.</summary>
public sealed record StarRow(long Line, IReadOnlyList<string> Values)
{
    public string this[int column] => Values[column];
}

/// <summary>
/// A STAR data block: a <c>loop_</c> table, or a key-value list (<c>_rlnKey value</c> lines), which is kept as a
/// table with one row so that both are read the same way. Labels are stored without the leading underscore.
/// </summary>
public sealed class StarBlock
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public StarBlock(string name, bool isLoop, IReadOnlyList<string> columns, IReadOnlyList<StarRow> rows, long line = 0, string? path = null)
    {
        Name = name;
        IsLoop = isLoop;
        Columns = columns;
        Rows = rows;
        Line = line;
        Path = path;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!_index.TryAdd(columns[i], i))
                throw new MotorPickException($"label _{columns[i]} appears twice in data_{name}", path, line, columns[i]);
        }
        foreach (var r in rows)
        {
            if (r.Values.Count != columns.Count)
                throw new MotorPickException($"data_{name} has {columns.Count} labels but this row has {r.Values.Count} values", path, r.Line);
        }
    }

    /// <summary>The name after <c>data_</c> (may be empty).</summary>
    public string Name { get; }

    /// <summary>True for a <c>loop_</c> table, false for a key-value list.</summary>
    public bool IsLoop { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<StarRow> Rows { get; }

    /// <summary>The line of the <c>data_</c> statement.</summary>
    public long Line { get; }

    public string? Path { get; }

    public bool Has(string label) => _index.ContainsKey(label);

    public int TryColumn(string label) => _index.TryGetValue(label, out var i) ? i : -1;

    public int Column(string label)
    {
        if (_index.TryGetValue(label, out var i)) return i;
        throw new MotorPickException($"data_{Name} has no label _{label} (it has {string.Join(", ", Columns.Select(c => "_" + c))})", Path, Line, label);
    }

    /// <summary>The value of a key of a key-value block (or of a one-row loop), or null.</summary>
    public string? Value(string label) => _index.TryGetValue(label, out var i) && Rows.Count == 1 ? Rows[0][i] : null;
}

/// <summary>A parsed STAR file: its data blocks in file order.</summary>
public sealed class StarDocument(string path, IReadOnlyList<StarBlock> blocks)
{
    public string Path { get; } = path;

    public IReadOnlyList<StarBlock> Blocks { get; } = blocks;

    public StarBlock? Find(string name) => Blocks.FirstOrDefault(b => b.Name == name);

    public static StarDocument Load(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("file not found", path);
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException ex) { throw new MotorPickException($"cannot read the file: {ex.Message}", path, inner: ex); }
        return StarParser.Parse(text, path);
    }
}
