using System.Globalization;
using MotorPick.Core;

namespace MotorPick.Formats.Npy;

/// <summary>
/// Parser for the Python dict literal of a .npy header: string keys; values that are strings, True/False, or tuples of
/// integers. Anything else is an error (numpy never writes it).
/// </summary>
internal static class PyLiteral
{
    public static Dictionary<string, object> ParseDict(string text, string path)
    {
        var p = new Cursor(text, path);
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        p.Expect('{');
        while (true)
        {
            p.SkipSpace();
            if (p.TryTake('}')) break;
            string key = p.String();
            p.Expect(':');
            result[key] = p.Value();
            p.SkipSpace();
            if (p.TryTake(',')) continue;
            p.Expect('}');
            break;
        }
        return result;
    }

    private sealed class Cursor(string text, string path)
    {
        private int _i;

        public void SkipSpace()
        {
            while (_i < text.Length && char.IsWhiteSpace(text[_i])) _i++;
        }

        public bool TryTake(char c)
        {
            SkipSpace();
            if (_i < text.Length && text[_i] == c) { _i++; return true; }
            return false;
        }

        public void Expect(char c)
        {
            if (!TryTake(c)) throw Error($"expected '{c}'");
        }

        public string String()
        {
            SkipSpace();
            if (_i >= text.Length || text[_i] is not ('\'' or '"')) throw Error("expected a quoted string");
            char q = text[_i++];
            int end = text.IndexOf(q, _i);
            if (end < 0) throw Error("unterminated string");
            var s = text[_i..end];
            _i = end + 1;
            return s;
        }

        public object Value()
        {
            SkipSpace();
            if (_i >= text.Length) throw Error("expected a value");
            char c = text[_i];
            if (c is '\'' or '"') return String();
            if (c == '(') return Tuple();
            if (Word("True")) return true;
            if (Word("False")) return false;
            throw Error("expected a string, True/False or a tuple");
        }

        private bool Word(string w)
        {
            if (string.CompareOrdinal(text, _i, w, 0, w.Length) != 0) return false;
            _i += w.Length;
            return true;
        }

        private List<long> Tuple()
        {
            Expect('(');
            var items = new List<long>();
            while (true)
            {
                SkipSpace();
                if (TryTake(')')) return items;
                int start = _i;
                while (_i < text.Length && (char.IsDigit(text[_i]) || text[_i] == '-')) _i++;
                // Python 2 era files may write long integers as 3L.
                var digits = text[start.._i];
                if (_i < text.Length && text[_i] == 'L') _i++;
                if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                    throw Error("expected an integer in the shape tuple");
                items.Add(v);
                if (TryTake(',')) continue;
                Expect(')');
                return items;
            }
        }

        private MotorPickException Error(string what) =>
            new($".npy header is not a valid dict literal: {what} at character {_i} of \"{text.Trim()}\"", path);
    }
}
