using System.Globalization;

namespace MotorPick.Core.Sharding;

/// <summary>
/// One of <see cref="Count"/> slices of a data set (<c>--shard i/n</c>, 0-based): array task <c>i</c> of an array job
/// of <c>n</c> tasks works on shard <c>i</c>. Outputs of a shard carry <see cref="FileTag"/> so shards never write the same file.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c> with 0 &lt;= i &lt; n.</summary>
    public static Shard Parse(string text, string field = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw new MotorPickException($"'{text}' is not a shard: expected i/n, e.g. 0/4 (array task i of n)", field: field);
        if (n < 1 || i >= n) throw new MotorPickException($"shard {text}: the index must be in 0..n-1 and n at least 1", field: field);
        return new Shard(i, n);
    }

    /// <summary>Parses an optional <c>--shard</c> value (null stays null).</summary>
    public static Shard? ParseOptional(string? text, string field = "--shard") => text is null ? null : Parse(text, field);

    /// <summary><c>shard-i-of-n</c>, the tag put into the names of per-shard outputs.</summary>
    public string FileTag => string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}");

    /// <summary><c>dir/name.ext</c> becomes <c>dir/name.shard-i-of-n.ext</c>.</summary>
    public string Tag(string path)
    {
        var dir = Path.GetDirectoryName(path);
        var name = $"{Path.GetFileNameWithoutExtension(path)}.{FileTag}{Path.GetExtension(path)}";
        return string.IsNullOrEmpty(dir) ? name : Path.Combine(dir, name);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
