using System.Buffers.Binary;

namespace MotorPick.Formats.Tests.Mrc;

/// <summary>Helpers that make damaged or unusual MRC files from the fixtures.</summary>
internal static class MrcTestFiles
{
    public static byte[] Fixture(string name) => File.ReadAllBytes(MotorPick.Tests.Fixtures.Path("peer", "mrc", name));

    public static void SetInt(byte[] file, int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(offset), value);

    /// <summary>The same file in big-endian byte order (MACHST 11 11 00 00), for an element size of <paramref name="itemSize"/>.</summary>
    public static byte[] ToBigEndian(byte[] file, int itemSize)
    {
        var b = (byte[])file.Clone();
        // Every numeric 4-byte word of the header: 0..103, 108..207 (EXTTYP at 104 and MAP at 208 are text), RMS and NLABL.
        foreach (int off in Enumerable.Range(0, 26).Select(i => i * 4).Concat(Enumerable.Range(27, 25).Select(i => i * 4)).Concat([216, 220]))
            b.AsSpan(off, 4).Reverse();
        b[212] = 0x11; b[213] = 0x11; b[214] = 0; b[215] = 0;
        int nsymbt = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(92));
        for (int i = 1024 + nsymbt; i + itemSize <= b.Length; i += itemSize)
            b.AsSpan(i, itemSize).Reverse();
        return b;
    }
}
