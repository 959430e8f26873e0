using System.Text;

namespace MotorPick.Scheduling;

/// <summary>Quotes words for a POSIX shell so generated scripts stay readable: plain words stay bare.</summary>
public static class ShellWords
{
    /// <summary>The word as the shell must read it: bare when it has only safe characters, else in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe)) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// Quotes <paramref name="word"/>, turning each occurrence of <paramref name="placeholder"/> into the shell
    /// expression <paramref name="expansion"/> (e.g. <c>%a/16</c> into <c>${SLURM_ARRAY_TASK_ID}/16</c>).
    /// </summary>
    public static string QuoteWithExpansion(string word, string placeholder, string expansion)
    {
        if (!word.Contains(placeholder, StringComparison.Ordinal)) return Quote(word);
        var pieces = word.Split(placeholder);
        var sb = new StringBuilder();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0) sb.Append(expansion);
            if (pieces[i].Length > 0) sb.Append(Quote(pieces[i]));
        }
        return sb.ToString();
    }

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || "_-./,:=@+%".Contains(c);
}
