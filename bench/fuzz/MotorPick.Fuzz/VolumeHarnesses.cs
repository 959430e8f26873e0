using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Npy;

namespace MotorPick.Fuzz;

/// <summary>MRC: open (permissive and strict), read every voxel as float32 and raw, and run the full validator.</summary>
internal sealed class MrcHarness : IHarness
{
    public string Name => "mrc";

    public void Run(byte[] input, string dir)
    {
        var path = Path.Combine(dir, "input.mrc");
        File.WriteAllBytes(path, input);
        using (var reader = MrcReader.Open(path))
        {
            _ = reader.ReadAllFloat32();
            _ = reader.Header.VoxelSize;
        }
        MrcValidator.ValidateFile(path);
        _ = MrcReader.ReadHeader(path, new MrcReadOptions { Validation = MrcValidationMode.Strict });
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        Seeds.Copy(Path.Combine(fixtures, "peer", "mrc"), "*.mrc", corpus);
        var tmp = Directory.CreateTempSubdirectory("motorpick-fuzz-seed").FullName;
        try
        {
            var shape = new VolumeShape(2, 3, 4);
            Write(tmp, corpus, "gen_u8.mrc", new byte[shape.VoxelCount], shape);
            Write(tmp, corpus, "gen_i16.mrc", new short[shape.VoxelCount], shape);
            Write(tmp, corpus, "gen_f32.mrc", Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), shape);
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }

    private static void Write<T>(string tmp, string corpus, string name, T[] data, VolumeShape shape) where T : unmanaged
    {
        var p = Path.Combine(tmp, name);
        MrcWriter.Write<T>(p, data, shape, new VoxelSize(10, 10, 10));
        Seeds.Write(corpus, name, File.ReadAllBytes(p));
    }
}

/// <summary>NPY: header alone, then open and read every voxel as float32.</summary>
internal sealed class NpyHarness : IHarness
{
    public string Name => "npy";

    public void Run(byte[] input, string dir)
    {
        var path = Path.Combine(dir, "input.npy");
        File.WriteAllBytes(path, input);
        _ = NpyHeader.Read(path);
        using var reader = NpyReader.Open(path);
        _ = reader.ReadAllFloat32();
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        Seeds.Copy(Path.Combine(fixtures, "peer"), "*.npy", corpus, maxBytes: 16 * 1024);
        var tmp = Directory.CreateTempSubdirectory("motorpick-fuzz-seed").FullName;
        try
        {
            var shape = new VolumeShape(2, 2, 3);
            var p = Path.Combine(tmp, "gen_u2.npy");
            NpyWriter.Write<ushort>(p, new ushort[12], shape);
            Seeds.Write(corpus, "gen_u2.npy", File.ReadAllBytes(p));
            p = Path.Combine(tmp, "gen_f8.npy");
            NpyWriter.Write<double>(p, new double[12], shape);
            Seeds.Write(corpus, "gen_f8.npy", File.ReadAllBytes(p));
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }
}

/// <summary>JPEG slice loading through NetVips: the input is slice 0 (and slice 1) of a stack; open, read all, read a float slab.</summary>
internal sealed class JpegHarness : IHarness
{
    public string Name => "jpeg";

    // JpegSliceStack refuses more than 512 pixels per stored byte (one bit per 8x8 block); the harness decodes two uint8
    // slices and one float32 slice (plus a pooled byte slice): about 7 bytes per pixel.
    public long AllocationAllowance(byte[] input) => 8L * 512 * input.Length;

    public void Run(byte[] input, string dir)
    {
        var stackDir = Path.Combine(dir, "tomo_fuzz");
        Directory.CreateDirectory(stackDir);
        File.WriteAllBytes(Path.Combine(stackDir, JpegSliceNames.FileName(0)), input);
        File.WriteAllBytes(Path.Combine(stackDir, JpegSliceNames.FileName(1)), input);
        var stack = JpegSliceStack.Open(stackDir);
        _ = stack.ReadAll(maxDegreeOfParallelism: 1);
        stack.MaxDegreeOfParallelism = 1;
        _ = stack.ReadSlab<float>(1, 1);
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        Seeds.Copy(Path.Combine(fixtures, "peer", "slices"), "*.jpg", corpus);
        var pixels = Enumerable.Range(0, 16 * 8).Select(i => (byte)(i * 2)).ToArray();
        Seeds.Write(corpus, "gen_16x8_q90.jpg", NetVipsJpegCodec.Instance.EncodeGray(pixels, 16, 8, 90));
        Seeds.Write(corpus, "gen_8x8_q50.jpg", NetVipsJpegCodec.Instance.EncodeGray(new byte[64], 8, 8, 50));
    }
}
