using MotorPick.Core;
using MotorPick.Formats.Jpeg;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

public class JpegSliceStackWriterTests
{
    private const int D = 6, H = 40, W = 56;

    private static byte[] Smooth()
    {
        var v = new byte[D * H * W];
        for (var z = 0; z < D; z++)
        for (var y = 0; y < H; y++)
        for (var x = 0; x < W; x++)
            v[(z * H + y) * W + x] = (byte)(40 + 10 * z + y + x);
        return v;
    }

    [Fact]
    public void Round_trip_stays_within_jpeg_error_and_publishes_the_directory()
    {
        using var tmp = Fixtures.TempDir();
        var target = tmp.File("tomo_x");
        var volume = Smooth();
        using (var writer = new JpegSliceStackWriter(target, D, H, W))
        {
            writer.WriteSlices(3, volume.AsMemory(3 * H * W));
            Assert.False(Directory.Exists(target));
            writer.WriteSlices(0, volume.AsMemory(0, 3 * H * W));
            writer.Complete();
        }
        Assert.Equal(Enumerable.Range(0, D).Select(JpegSliceNames.FileName), Directory.GetFiles(target).Select(Path.GetFileName).Order());
        Assert.Single(Directory.GetFileSystemEntries(tmp.Path));

        var back = JpegSliceStack.Open(target).ReadAll();
        var maxErr = volume.Zip(back, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(maxErr, 0, 3);
    }

    [Fact]
    public void Encoded_slices_are_one_component_without_metadata()
    {
        var jpeg = NetVipsJpegCodec.Instance.EncodeGray(Smooth().AsSpan(0, H * W), W, H, 95);
        Assert.Equal(1, NetVipsJpegCodec.Instance.ReadHeader(jpeg, "mem").Components);
        // No APP0 (JFIF) / APP1 (Exif) segment right after SOI.
        Assert.False(jpeg[2] == 0xFF && jpeg[3] is 0xE0 or 0xE1);
    }

    [Fact]
    public void Disposing_without_complete_leaves_nothing()
    {
        using var tmp = Fixtures.TempDir();
        using (var writer = new JpegSliceStackWriter(tmp.File("tomo_x"), D, H, W))
            writer.WriteSlices(0, Smooth().AsMemory(0, 2 * H * W));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Complete_with_a_missing_slice_throws_and_publishes_nothing()
    {
        using var tmp = Fixtures.TempDir();
        using (var writer = new JpegSliceStackWriter(tmp.File("tomo_x"), D, H, W))
        {
            writer.WriteSlices(0, Smooth().AsMemory(0, (D - 1) * H * W));
            var ex = Assert.Throws<InvalidOperationException>(writer.Complete);
            Assert.Contains(JpegSliceNames.FileName(D - 1), ex.Message);
        }
        Assert.False(Directory.Exists(tmp.File("tomo_x")));
    }

    [Fact]
    public void An_existing_stack_is_replaced_as_a_whole()
    {
        using var tmp = Fixtures.TempDir();
        var target = tmp.File("tomo_x");
        Directory.CreateDirectory(target);
        for (var z = 0; z < D + 3; z++) File.WriteAllBytes(Path.Combine(target, JpegSliceNames.FileName(z)), [0]);
        using (var writer = new JpegSliceStackWriter(target, D, H, W))
        {
            writer.WriteSlices(0, Smooth());
            writer.Complete();
        }
        Assert.Equal(D, JpegSliceStack.Open(target).Depth);
        Assert.Single(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void A_staging_directory_is_never_a_valid_stack()
    {
        using var tmp = Fixtures.TempDir();
        using var writer = new JpegSliceStackWriter(tmp.File("tomo_x"), D, H, W);
        Assert.True(AtomicFile.IsTempName(writer.StagingDirectory));
    }

    [Fact]
    public void Fixture_slices_re_encode_to_the_same_pixels_size()
    {
        // Decode -> encode -> decode: the codec round trip keeps the geometry and stays close.
        var stack = JpegSliceStack.Open(Fixtures.Path("peer", "slices", "tomo_fixture"));
        var vol = stack.ReadAll();
        using var tmp = Fixtures.TempDir();
        using (var writer = new JpegSliceStackWriter(tmp.File("t"), stack.Depth, stack.Height, stack.Width))
        {
            writer.WriteSlices(0, vol);
            writer.Complete();
        }
        var again = JpegSliceStack.Open(tmp.File("t")).ReadAll();
        Assert.Equal(vol.Length, again.Length);
        Assert.InRange(vol.Zip(again, (a, b) => Math.Abs(a - b)).Max(), 0, 12);
    }
}
