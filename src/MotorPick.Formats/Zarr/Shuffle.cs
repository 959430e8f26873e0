using System.Runtime.InteropServices;

namespace MotorPick.Formats.Zarr;

/// <summary>
/// Blosc's filters. Byte shuffle stores byte j of every element together (plane j = bytes j of all elements);
/// bit shuffle (the bitshuffle library's layout) stores bit k of byte j of every element together, in bit planes of
/// n/8 bytes ordered j*8+k, element i at bit i%8 of byte i/8. Trailing bytes that do not form a whole element
/// (or, for bit shuffle, a whole group of 8 elements) are stored unchanged at the end.
/// </summary>
public static class Shuffle
{
    /// <summary>Undoes the byte shuffle of one block.</summary>
    public static void ByteUnshuffle(ReadOnlySpan<byte> src, Span<byte> dst, int typesize)
    {
        int n = src.Length / typesize;
        int whole = n * typesize;
        switch (typesize)
        {
            case 4:
            {
                var d = MemoryMarshal.Cast<byte, uint>(dst[..whole]);
                var p0 = src[..n]; var p1 = src.Slice(n, n); var p2 = src.Slice(2 * n, n); var p3 = src.Slice(3 * n, n);
                for (int i = 0; i < n; i++) d[i] = p0[i] | (uint)p1[i] << 8 | (uint)p2[i] << 16 | (uint)p3[i] << 24;
                break;
            }
            case 2:
            {
                var d = MemoryMarshal.Cast<byte, ushort>(dst[..whole]);
                var p0 = src[..n]; var p1 = src.Slice(n, n);
                for (int i = 0; i < n; i++) d[i] = (ushort)(p0[i] | p1[i] << 8);
                break;
            }
            default:
                for (int j = 0; j < typesize; j++)
                {
                    var plane = src.Slice(j * n, n);
                    for (int i = 0; i < n; i++) dst[i * typesize + j] = plane[i];
                }
                break;
        }
        src[whole..].CopyTo(dst[whole..]);
    }

    /// <summary>Byte-shuffles one block (the inverse of <see cref="ByteUnshuffle"/>).</summary>
    public static void ByteShuffle(ReadOnlySpan<byte> src, Span<byte> dst, int typesize)
    {
        int n = src.Length / typesize;
        int whole = n * typesize;
        if (typesize == 4)
        {
            var s = MemoryMarshal.Cast<byte, uint>(src[..whole]);
            var p0 = dst[..n]; var p1 = dst.Slice(n, n); var p2 = dst.Slice(2 * n, n); var p3 = dst.Slice(3 * n, n);
            for (int i = 0; i < n; i++)
            {
                uint v = s[i];
                p0[i] = (byte)v; p1[i] = (byte)(v >> 8); p2[i] = (byte)(v >> 16); p3[i] = (byte)(v >> 24);
            }
        }
        else
        {
            for (int j = 0; j < typesize; j++)
            {
                var plane = dst.Slice(j * n, n);
                for (int i = 0; i < n; i++) plane[i] = src[i * typesize + j];
            }
        }
        src[whole..].CopyTo(dst[whole..]);
    }

    /// <summary>Undoes the bit shuffle of one block.</summary>
    public static void BitUnshuffle(ReadOnlySpan<byte> src, Span<byte> dst, int typesize)
    {
        int n = src.Length / typesize;
        if (n % 8 != 0)
        {
            // c-blosc leaves such blocks unshuffled.
            src.CopyTo(dst);
            return;
        }
        int rowBytes = n / 8;
        for (int j = 0; j < typesize; j++)
        {
            int planeBase = j * 8 * rowBytes;
            for (int q = 0; q < rowBytes; q++)
            {
                // Gather byte q of the 8 bit planes of byte j, transpose the 8x8 bit matrix,
                // and scatter: byte m of the result is byte j of element q*8+m.
                ulong x = 0;
                for (int k = 0; k < 8; k++) x |= (ulong)src[planeBase + k * rowBytes + q] << (8 * k);
                x = Transpose8x8(x);
                int e = q * 8 * typesize + j;
                for (int m = 0; m < 8; m++) dst[e + m * typesize] = (byte)(x >> (8 * m));
            }
        }
        int whole = n * typesize;
        src[whole..].CopyTo(dst[whole..]);
    }

    /// <summary>Transposes an 8x8 bit matrix held as 8 bytes (row r = byte r, column c = bit c).</summary>
    internal static ulong Transpose8x8(ulong x)
    {
        ulong t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAUL;
        x ^= t ^ (t << 7);
        t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCUL;
        x ^= t ^ (t << 14);
        t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0UL;
        x ^= t ^ (t << 28);
        return x;
    }
}
