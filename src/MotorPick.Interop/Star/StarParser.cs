using MotorPick.Core;

namespace MotorPick.Interop.Star;

/// <summary>
/// Reads STAR files as RELION writes and reads them: <c>data_name</c> blocks holding either a <c>loop_</c> (labels,
/// then one row per line) or <c>_label value</c> pairs; <c>#</c> starts a comment outside quotes; values may be
/// quoted with ' or " (RELION's nextTokenInSTAR). RELION ends a loop at a blank line; this reader also skips blank
/// lines inside a loop and ends it at the next <c>data_</c>, <c>loop_</c> or <c>_label</c> line, which accepts what
/// every writer we know produces. Multi-line (<c>;</c>) text fields are refused with a clear message.
/// </summary>
public static class StarParser
{
    private enum State { Outside, Pairs, LoopLabels, LoopRows }

    public static StarDocument Parse(string text, string path)
    {
        var blocks = new List<StarBlock>();
        string? name = null;
        long blockLine = 0;
        var state = State.Outside;
        var columns = new List<string>();
        var rows = new List<StarRow>();
        var pairKeys = new List<string>();
        var pairValues = new List<string>();
        var pairLine = 0L;

        void FlushSection()
        {
            if (name is null) return;
            if (state is State.LoopLabels or State.LoopRows)
            {
                if (columns.Count == 0) throw new MotorPickException($"loop_ in data_{name} has no labels", path, blockLine);
                blocks.Add(new StarBlock(name, true, columns.ToArray(), rows.ToArray(), blockLine, path));
            }
            else if (pairKeys.Count > 0)
            {
                blocks.Add(new StarBlock(name, false, pairKeys.ToArray(), [new StarRow(pairLine, pairValues.ToArray())], blockLine, path));
            }
            columns.Clear();
            rows.Clear();
            pairKeys.Clear();
            pairValues.Clear();
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            long lineNo = i + 1;
            var tokens = Tokenize(lines[i].TrimEnd('\r'), path, lineNo);
            if (tokens.Count == 0) continue;
            var first = tokens[0];
            if (first.StartsWith("data_", StringComparison.Ordinal) && !first.Quoted)
            {
                FlushSection();
                name = first.Text[5..];
                blockLine = lineNo;
                state = State.Outside;
                if (tokens.Count > 1) throw new MotorPickException($"unexpected '{tokens[1].Text}' after {first.Text}", path, lineNo);
                continue;
            }
            if (name is null) throw new MotorPickException($"'{first.Text}' before the first data_ block", path, lineNo);
            if (first.Text == "loop_" && !first.Quoted)
            {
                FlushSection();
                state = State.LoopLabels;
                if (tokens.Count > 1) throw new MotorPickException($"unexpected '{tokens[1].Text}' after loop_", path, lineNo);
                continue;
            }
            if (first.StartsWith("_", StringComparison.Ordinal) && !first.Quoted)
            {
                var label = first.Text[1..];
                if (label.Length == 0) throw new MotorPickException("empty label '_'", path, lineNo);
                if (state == State.LoopLabels)
                {
                    if (tokens.Count > 1) throw new MotorPickException($"unexpected '{tokens[1].Text}' after the loop label _{label}", path, lineNo, label);
                    columns.Add(label);
                    continue;
                }
                if (state == State.LoopRows) FlushSection();
                state = State.Pairs;
                if (tokens.Count != 2) throw new MotorPickException($"_{label} needs exactly one value, found {tokens.Count - 1}", path, lineNo, label);
                if (pairKeys.Contains(label)) throw new MotorPickException($"label _{label} appears twice in data_{name}", path, lineNo, label);
                if (pairKeys.Count == 0) pairLine = lineNo;
                pairKeys.Add(label);
                pairValues.Add(tokens[1].Text);
                continue;
            }
            if (state is State.LoopLabels or State.LoopRows)
            {
                if (columns.Count == 0) throw new MotorPickException($"loop_ in data_{name} has no labels before its first row", path, lineNo);
                state = State.LoopRows;
                if (tokens.Count != columns.Count)
                    throw new MotorPickException($"data_{name} has {columns.Count} labels but this row has {tokens.Count} values", path, lineNo);
                rows.Add(new StarRow(lineNo, tokens.Select(t => t.Text).ToArray()));
                continue;
            }
            throw new MotorPickException($"unexpected '{first.Text}' in data_{name}: expected loop_ or _label value", path, lineNo);
        }
        FlushSection();
        return new StarDocument(path, blocks);
    }

    private readonly record struct Token(string Text, bool Quoted)
    {
        public bool StartsWith(string s, StringComparison c) => Text.StartsWith(s, c);
    }

    /// <summary>Splits a line into values: whitespace separates, a quote opens a value that ends at the same quote followed by whitespace or the line end.</summary>
    private static List<Token> Tokenize(string line, string path, long lineNo)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#') break;
            if (c == ';' && i == 0 && tokens.Count == 0)
                throw new MotorPickException("multi-line ';' text fields are not supported", path, lineNo);
            if (c is '\'' or '"')
            {
                var end = i + 1;
                while (end < line.Length && !(line[end] == c && (end + 1 == line.Length || char.IsWhiteSpace(line[end + 1])))) end++;
                if (end >= line.Length) throw new MotorPickException($"unterminated {c}quoted{c} value", path, lineNo);
                tokens.Add(new Token(line[(i + 1)..end], true));
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            tokens.Add(new Token(line[start..i], false));
        }
        return tokens;
    }
}
