namespace MotorPick.Formats.Jpeg;

/// <summary>Header facts of one JPEG image, read without decoding the pixels.</summary>
/// <param name="Width">Columns (X).</param>
/// <param name="Height">Rows (Y).</param>
/// <param name="Components">Colour components: 1 for grayscale.</param>
public readonly record struct JpegHeader(int Width, int Height, int Components);

/// <summary>
/// An 8-bit grayscale JPEG codec. Kept behind an interface so that a faster native decoder
/// (libjpeg-turbo through P/Invoke) can replace the default NetVips one without touching the stack code.
/// Implementations must be thread-safe: slices are decoded and encoded in parallel.
/// </summary>
public interface IJpegCodec
{
    /// <summary>Reads the header of <paramref name="jpeg"/>; <paramref name="source"/> names the file in errors.</summary>
    JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg, string source);

    /// <summary>Decodes a grayscale JPEG of exactly <paramref name="width"/> x <paramref name="height"/>
    /// straight into <paramref name="destination"/> from <paramref name="offset"/> on (row-major, width*height bytes;
    /// an array rather than a span so that the native decoder can write into pinned managed memory).
    /// Throws <see cref="Core.MotorPickException"/> naming <paramref name="source"/> for a corrupt,
    /// truncated, non-grayscale or differently sized image.</summary>
    void DecodeGray(ReadOnlySpan<byte> jpeg, byte[] destination, long offset, int width, int height, string source);

    /// <summary>Encodes a row-major 8-bit grayscale image as a 1-component baseline JPEG.</summary>
    byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height, int quality);
}
