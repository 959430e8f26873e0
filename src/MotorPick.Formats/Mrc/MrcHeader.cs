using System.Buffers.Binary;
using System.Text;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Mrc;

/// <summary>
/// The 1024-byte MRC2014 main header (interfaces.md 1.9). Values are held in host form; <see cref="IsBigEndian"/>
/// records the byte order the file uses (from MACHST).
/// </summary>
public sealed class MrcHeader
{
    /// <summary>Bytes in the main header.</summary>
    public const int Size = 1024;

    /// <summary>IMOD's stamp value ("IMOD" as little-endian int32) stored at byte 152.</summary>
    public const int ImodStampValue = 1146047817;

    /// <summary>Bit of imodFlags that says mode-0 bytes are signed.</summary>
    public const int ImodFlagSignedBytes = 1;

    private const int ImodStampOffset = 152;
    private const int ImodFlagsOffset = 156;

    public int NX { get; set; }
    public int NY { get; set; }
    public int NZ { get; set; }
    public int Mode { get; set; }
    public int NXStart { get; set; }
    public int NYStart { get; set; }
    public int NZStart { get; set; }
    public int MX { get; set; }
    public int MY { get; set; }
    public int MZ { get; set; }
    public float CellX { get; set; }
    public float CellY { get; set; }
    public float CellZ { get; set; }
    public float CellAlpha { get; set; } = 90;
    public float CellBeta { get; set; } = 90;
    public float CellGamma { get; set; } = 90;
    public int MapC { get; set; } = 1;
    public int MapR { get; set; } = 2;
    public int MapS { get; set; } = 3;
    public float DMin { get; set; }
    public float DMax { get; set; } = -1;
    public float DMean { get; set; } = -2;
    public int Ispg { get; set; } = 1;
    /// <summary>Bytes of extended header after the main header.</summary>
    public int NSymbt { get; set; }
    /// <summary>Extended-header type (4 characters, e.g. "FEI1", "SERI"); empty when none.</summary>
    public string ExtType { get; set; } = "";
    public int NVersion { get; set; } = 20141;
    /// <summary>IMOD stamp word (byte 152); <see cref="ImodStampValue"/> in IMOD files.</summary>
    public int ImodStamp { get; set; }
    /// <summary>IMOD flags word (byte 156).</summary>
    public int ImodFlags { get; set; }
    public float OriginX { get; set; }
    public float OriginY { get; set; }
    public float OriginZ { get; set; }
    /// <summary>The MAP field; "MAP " in valid files.</summary>
    public string Map { get; set; } = "MAP ";
    /// <summary>The 4 MACHST bytes as read.</summary>
    public byte[] MachineStamp { get; set; } = [0x44, 0x44, 0, 0];
    public float Rms { get; set; } = -1;
    public int NLabl { get; set; }
    /// <summary>The 10 label slots (trailing blanks and NULs removed).</summary>
    public string[] Labels { get; set; } = new string[10];
    /// <summary>True when the file is big-endian.</summary>
    public bool IsBigEndian { get; set; }
    /// <summary>True when MACHST held none of the known stamps and the byte order was guessed.</summary>
    public bool MachineStampGuessed { get; private set; }

    /// <summary>Shape in C order (NZ, NY, NX).</summary>
    public VolumeShape Shape => new(NZ, NY, NX);

    /// <summary>Voxel size CELLA/M per axis; 0 on an axis whose M or CELLA is not positive.</summary>
    public VoxelSize VoxelSize => new(Div(CellZ, MZ), Div(CellY, MY), Div(CellX, MX));

    /// <summary>Byte offset of the first voxel: 1024 + NSYMBT.</summary>
    public long DataOffset => Size + (long)NSymbt;

    /// <summary>True when the IMOD stamp is present.</summary>
    public bool HasImodStamp => ImodStamp == ImodStampValue;

    private static double Div(float cell, int m) => m > 0 && cell > 0 ? (double)cell / m : 0;

    /// <summary>The voxel type of <see cref="Mode"/>, or null for modes that are not supported (complex, 4-bit, RGB, unknown).</summary>
    public VoxelType? VoxelTypeFor(MrcMode0Interpretation mode0 = MrcMode0Interpretation.Auto) => Mode switch
    {
        0 => mode0 switch
        {
            MrcMode0Interpretation.Signed => VoxelType.Int8,
            MrcMode0Interpretation.Unsigned => VoxelType.UInt8,
            _ => HasImodStamp && (ImodFlags & ImodFlagSignedBytes) == 0 ? VoxelType.UInt8 : VoxelType.Int8,
        },
        1 => VoxelType.Int16,
        2 => VoxelType.Float32,
        6 => VoxelType.UInt16,
        12 => VoxelType.Float16,
        _ => null,
    };

    /// <summary>The MRC mode that stores <paramref name="type"/>, or null (float64 has none).</summary>
    public static int? ModeFor(VoxelType type) => type switch
    {
        VoxelType.Int8 or VoxelType.UInt8 => 0,
        VoxelType.Int16 => 1,
        VoxelType.Float32 => 2,
        VoxelType.UInt16 => 6,
        VoxelType.Float16 => 12,
        _ => null,
    };

    /// <summary>Parses the first 1024 bytes of a file. Never throws for odd values; <see cref="MrcValidator"/> judges them.</summary>
    public static MrcHeader Parse(ReadOnlySpan<byte> b)
    {
        if (b.Length < Size) throw new ArgumentException("an MRC header needs 1024 bytes", nameof(b));
        var h = new MrcHeader { MachineStamp = b.Slice(212, 4).ToArray() };
        bool? big = h.MachineStamp[0] switch
        {
            0x44 when h.MachineStamp[1] is 0x44 or 0x41 => false,
            0x11 when h.MachineStamp[1] == 0x11 => true,
            _ => null,
        };
        if (big is null)
        {
            // Unknown stamp: take the byte order in which MODE and the dimensions look sane (mrcfile does the same).
            h.MachineStampGuessed = true;
            big = !Plausible(b, bigEndian: false) && Plausible(b, bigEndian: true);
        }
        h.IsBigEndian = big.Value;
        var r = new Fields(b, big.Value);
        h.NX = r.I(0); h.NY = r.I(4); h.NZ = r.I(8); h.Mode = r.I(12);
        h.NXStart = r.I(16); h.NYStart = r.I(20); h.NZStart = r.I(24);
        h.MX = r.I(28); h.MY = r.I(32); h.MZ = r.I(36);
        h.CellX = r.F(40); h.CellY = r.F(44); h.CellZ = r.F(48);
        h.CellAlpha = r.F(52); h.CellBeta = r.F(56); h.CellGamma = r.F(60);
        h.MapC = r.I(64); h.MapR = r.I(68); h.MapS = r.I(72);
        h.DMin = r.F(76); h.DMax = r.F(80); h.DMean = r.F(84);
        h.Ispg = r.I(88); h.NSymbt = r.I(92);
        h.ExtType = Ascii(b.Slice(104, 4));
        h.NVersion = r.I(108);
        h.ImodStamp = r.I(ImodStampOffset); h.ImodFlags = r.I(ImodFlagsOffset);
        h.OriginX = r.F(196); h.OriginY = r.F(200); h.OriginZ = r.F(204);
        h.Map = Encoding.Latin1.GetString(b.Slice(208, 4));
        h.Rms = r.F(216);
        h.NLabl = r.I(220);
        for (int i = 0; i < 10; i++) h.Labels[i] = Ascii(b.Slice(224 + 80 * i, 80));
        return h;
    }

    /// <summary>Writes the header (little-endian, MACHST 44 44 00 00) into 1024 bytes.</summary>
    public void WriteTo(Span<byte> b)
    {
        if (b.Length < Size) throw new ArgumentException("an MRC header needs 1024 bytes", nameof(b));
        b[..Size].Clear();
        I(b, 0, NX); I(b, 4, NY); I(b, 8, NZ); I(b, 12, Mode);
        I(b, 16, NXStart); I(b, 20, NYStart); I(b, 24, NZStart);
        I(b, 28, MX); I(b, 32, MY); I(b, 36, MZ);
        F(b, 40, CellX); F(b, 44, CellY); F(b, 48, CellZ);
        F(b, 52, CellAlpha); F(b, 56, CellBeta); F(b, 60, CellGamma);
        I(b, 64, MapC); I(b, 68, MapR); I(b, 72, MapS);
        F(b, 76, DMin); F(b, 80, DMax); F(b, 84, DMean);
        I(b, 88, Ispg); I(b, 92, NSymbt);
        WriteAscii(b.Slice(104, 4), ExtType);
        I(b, 108, NVersion);
        I(b, ImodStampOffset, ImodStamp); I(b, ImodFlagsOffset, ImodFlags);
        F(b, 196, OriginX); F(b, 200, OriginY); F(b, 204, OriginZ);
        WriteAscii(b.Slice(208, 4), Map);
        b[212] = 0x44; b[213] = 0x44; b[214] = 0; b[215] = 0;
        F(b, 216, Rms);
        I(b, 220, NLabl);
        for (int i = 0; i < 10; i++) WriteAscii(b.Slice(224 + 80 * i, 80), Labels[i] ?? "");
    }

    private static void I(Span<byte> b, int off, int v) => BinaryPrimitives.WriteInt32LittleEndian(b.Slice(off, 4), v);

    private static void F(Span<byte> b, int off, float v) => BinaryPrimitives.WriteSingleLittleEndian(b.Slice(off, 4), v);

    private static bool Plausible(ReadOnlySpan<byte> b, bool bigEndian)
    {
        var r = new Fields(b, bigEndian);
        int mode = r.I(12);
        return mode is 0 or 1 or 2 or 3 or 4 or 6 or 12 or 16 or 101 && r.I(0) > 0 && r.I(4) > 0 && r.I(8) > 0;
    }

    private static string Ascii(ReadOnlySpan<byte> s) => Encoding.Latin1.GetString(s).TrimEnd('\0', ' ');

    private static void WriteAscii(Span<byte> dst, string text)
    {
        // NUL padding, as numpy's fixed-width byte strings (mrcfile) write it.
        dst.Clear();
        int n = Math.Min(dst.Length, text.Length);
        for (int i = 0; i < n; i++) dst[i] = text[i] is >= ' ' and < (char)127 ? (byte)text[i] : (byte)'?';
    }

    private readonly ref struct Fields(ReadOnlySpan<byte> b, bool big)
    {
        private readonly ReadOnlySpan<byte> _b = b;

        public int I(int off) => big ? BinaryPrimitives.ReadInt32BigEndian(_b.Slice(off, 4)) : BinaryPrimitives.ReadInt32LittleEndian(_b.Slice(off, 4));

        public float F(int off) => big ? BinaryPrimitives.ReadSingleBigEndian(_b.Slice(off, 4)) : BinaryPrimitives.ReadSingleLittleEndian(_b.Slice(off, 4));
    }
}
