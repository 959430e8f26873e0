using MotorPick.Core;

namespace MotorPick.Formats.Jpeg;

/// <summary>The checks and message rules every codec applies the same way, so a bad slice reads alike whichever decodes it.</summary>
internal static class JpegChecks
{
    public static void CheckMagic(ReadOnlySpan<byte> jpeg, string source)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[2] != 0xFF)
            throw new MotorPickException(jpeg.Length == 0 ? "empty file, expected a JPEG" : "not a JPEG file (missing the FF D8 FF start marker)", source);
    }

    public static void CheckDestination(byte[] destination, long offset, int width, int height)
    {
        var size = (long)width * height;
        if (offset < 0 || offset + size > destination.LongLength)
            throw new ArgumentException($"destination holds {destination.LongLength} bytes, cannot take {width}x{height} at offset {offset}", nameof(destination));
    }

    public static void CheckSize(int width, int height, int expectedWidth, int expectedHeight, string source)
    {
        if (width != expectedWidth || height != expectedHeight)
            throw new MotorPickException($"slice is {width}x{height} (width x height), expected {expectedWidth}x{expectedHeight} like the first slice", source);
    }

    /// <summary>The first line of a native library's message, at most 200 characters.</summary>
    public static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
        return line.Length > 200 ? line[..200] : line;
    }
}
