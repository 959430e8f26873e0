using System.Globalization;
using MotorPick.Core;

namespace MotorPick.Scheduling.Slurm;

/// <summary>Slurm's array index lists: <c>0-3,7,9-10%2</c>.</summary>
public static class ArrayRange
{
    /// <summary>Sorted, distinct indices as runs (<c>0-3,7</c>), with <c>%parallel</c> when given.</summary>
    public static string Format(IEnumerable<int> indices, int? parallel = null)
    {
        var sorted = indices.Distinct().Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no array indices", nameof(indices));
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(j == i ? Inv(sorted[i]) : $"{Inv(sorted[i])}-{Inv(sorted[j])}");
            i = j + 1;
        }
        var text = string.Join(',', parts);
        return parallel is { } p ? $"{text}%{Inv(p)}" : text;
    }

    /// <summary>The indices of <c>0-3,7</c> (a <c>%parallel</c> suffix is ignored).</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        var list = new List<int>();
        var body = text.Split('%')[0];
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-');
            if (ends.Length > 2 || !ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new MotorPickException($"'{text}' is not an array index list (e.g. 0-3,7)", field: "array");
            var a = int.Parse(ends[0], CultureInfo.InvariantCulture);
            var b = ends.Length == 2 ? int.Parse(ends[1], CultureInfo.InvariantCulture) : a;
            if (b < a) throw new MotorPickException($"'{text}': range {part} runs backwards", field: "array");
            for (var i = a; i <= b; i++) list.Add(i);
        }
        return list;
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
