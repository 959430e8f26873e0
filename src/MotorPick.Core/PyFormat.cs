using System.Globalization;
using System.Text;

namespace MotorPick.Core;

/// <summary>
/// Text formatting that matches Python's, because the reference's CSV and JSON files were written
/// by pandas and <c>str(list)</c>: <c>169.0</c>, <c>7939.099999999999</c>, <c>1e-05</c>, <c>[[1.0, 2.0]]</c>.
/// </summary>
public static class PyFormat
{
    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, fixed notation for
    /// decimal exponents in (-4, 16], scientific otherwise, and always a ".0" on integral values.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        var (negative, digits, decpt) = ShortestDigits(value);
        var sb = new StringBuilder(32);
        if (negative) sb.Append('-');
        // Python (format_float_short, mode 'r'): exponent form when decpt <= -4 or decpt > 16.
        if (decpt <= -4 || decpt > 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            var exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decpt <= 0)
        {
            sb.Append("0.").Append('0', -decpt).Append(digits);
        }
        else if (decpt >= digits.Length)
        {
            sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }
        return sb.ToString();
    }

    /// <summary>Python <c>str(float32 value)</c> as numpy prints a float32 cast to float: the double repr.</summary>
    public static string Float(float value) => Float((double)value);

    /// <summary>Python <c>str(list)</c> of a list of float lists, e.g. <c>[[169.0, 546.0, 603.0]]</c>; <c>[]</c> when empty.</summary>
    public static string FloatListOfLists(IEnumerable<IReadOnlyList<double>> rows)
    {
        var sb = new StringBuilder("[");
        var first = true;
        foreach (var row in rows)
        {
            if (!first) sb.Append(", ");
            first = false;
            sb.Append(FloatList(row));
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Python <c>str(list)</c> of floats, e.g. <c>[1.0, 2.5]</c>.</summary>
    public static string FloatList(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(Float)) + "]";

    /// <summary>Python <c>str(list)</c> of ints, e.g. <c>[800, 924, 956]</c>.</summary>
    public static string IntList(IEnumerable<long> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The shortest round-trip decimal digits of a finite non-zero double, with the position of the
    /// decimal point (value = 0.digits * 10^decpt).</summary>
    private static (bool Negative, string Digits, int Decpt) ShortestDigits(double value)
    {
        // .NET Core 3.0+ "R" is the shortest round-trippable string; normalise it to digits + exponent.
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = s[0] == '-';
        if (negative) s = s[1..];
        var exp = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        var dot = s.IndexOf('.');
        string intPart = dot >= 0 ? s[..dot] : s;
        string fracPart = dot >= 0 ? s[(dot + 1)..] : "";
        var all = intPart + fracPart;
        var decpt = intPart.Length + exp;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        decpt -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (negative, all, decpt);
    }
}
