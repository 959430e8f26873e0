namespace MotorPick.Review.Web.Imaging;

/// <summary>How grey levels are mapped for display.</summary>
public enum ContrastMode
{
    /// <summary>Stretch the 1st..99th percentile of the crop to the full range (the default: tomograms are low-contrast).</summary>
    Auto,

    /// <summary>Stretch the given grey-level window [Low, High] to the full range.</summary>
    Window,

    /// <summary>The stored grey levels as they are.</summary>
    None,
}

/// <summary>Encoded image formats the slice endpoints can return.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
}

/// <summary>A square crop of <paramref name="Size"/> pixels centred on (<paramref name="CenterY"/>, <paramref name="CenterX"/>),
/// padded with black where it leaves the slice, so the point stays in the middle whatever its position.</summary>
public sealed record SliceView(int CenterY, int CenterX, int Size, ContrastMode Contrast = ContrastMode.Auto, int Low = 0, int High = 255, bool Invert = false)
{
    public const int MinSize = 16, MaxSize = 2048;

    /// <summary>Top-left corner of the crop in slice coordinates (may be negative).</summary>
    public int Top => CenterY - Size / 2;

    public int Left => CenterX - Size / 2;
}
