using MotorPick.Core;
using MotorPick.Formats.Jpeg;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

/// <summary>Every test runs with each decoder this machine has (NetVips always; libjpeg-turbo where installed, and always
/// where system tests are required): the stack must read and fail alike whichever codec decodes it.</summary>
public class JpegSliceStackTests
{
    private static string FixtureDir => Fixtures.Path("peer", "slices", "tomo_fixture");

    public static TheoryData<string> Codecs => JpegCodecCases.Names();

    [Theory, MemberData(nameof(Codecs))]
    public void Fixture_decodes_exactly_like_pillow(string codec)
    {
        var expected = PeerManifest.Find("slices/tomo_fixture");
        var stack = JpegSliceStack.Open(FixtureDir, JpegCodecCases.Get(codec));
        Assert.Equal(expected.ShapeZyx, new[] { stack.Depth, stack.Height, stack.Width });

        var volume = stack.ReadAll();
        double sum = 0, sumSq = 0;
        foreach (var v in volume) { sum += v; sumSq += (double)v * v; }
        // NetVips decodes with libjpeg-turbo's integer IDCT, like Pillow: the statistics are exact.
        Assert.Equal(expected.Sum, sum);
        Assert.Equal(expected.SumSq, sumSq);
        Assert.Equal(expected.Min, volume.Min());
        Assert.Equal(expected.Max, volume.Max());
        foreach (var (zyx, value) in expected.Samples)
            Assert.Equal(value, volume[(zyx[0] * stack.Height + zyx[1]) * stack.Width + zyx[2]]);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void Read_of_a_z_range_fills_the_buffer_at_the_offset(string codec)
    {
        var stack = JpegSliceStack.Open(FixtureDir, JpegCodecCases.Get(codec));
        var all = stack.ReadAll(maxDegreeOfParallelism: 1);
        var part = new byte[10 + 3 * stack.SliceBytes];
        stack.Read(5, 3, part, offset: 10);
        Assert.Equal(all.AsSpan((int)(5 * stack.SliceBytes), (int)(3 * stack.SliceBytes)).ToArray(), part.AsSpan(10).ToArray());
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_slab_read_as_bytes_or_floats_equals_the_same_slices_of_the_whole_stack(string codec)
    {
        var stack = JpegSliceStack.Open(FixtureDir, JpegCodecCases.Get(codec));
        var all = stack.ReadAll();
        var section = (int)stack.SliceBytes;
        var bytes = new byte[4 * section];
        var floats = new float[4 * section];
        stack.ReadSlab<byte>(3, 4, bytes);
        stack.ReadSlab<float>(3, 4, floats);
        Assert.Equal(all.AsSpan(3 * section, 4 * section).ToArray(), bytes);
        Assert.Equal(bytes.Select(b => (float)b).ToArray(), floats);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_truncated_slice_is_named(string codec)
    {
        using var dir = CopyOfFixture();
        var victim = dir.File("slice_0007.jpg");
        var bytes = File.ReadAllBytes(victim);
        File.WriteAllBytes(victim, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path, JpegCodecCases.Get(codec)).ReadAll());
        Assert.Contains("slice_0007.jpg", ex.Message);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_corrupt_slice_is_named(string codec)
    {
        using var dir = CopyOfFixture();
        var victim = dir.File("slice_0003.jpg");
        var bytes = File.ReadAllBytes(victim);
        new Random(1).NextBytes(bytes.AsSpan(4, 600));
        File.WriteAllBytes(victim, bytes);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path, JpegCodecCases.Get(codec)).ReadAll());
        Assert.Contains("slice_0003.jpg", ex.Message);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_file_that_is_not_a_jpeg_is_named(string codec)
    {
        using var dir = CopyOfFixture();
        File.WriteAllText(dir.File("slice_0002.jpg"), "hello");
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path, JpegCodecCases.Get(codec)).ReadAll());
        Assert.Contains("slice_0002.jpg", ex.Message);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_differently_sized_slice_is_named(string codec)
    {
        using var dir = CopyOfFixture();
        var jpeg = NetVipsJpegCodec.Instance.EncodeGray(new byte[30 * 24], 30, 24, 95);
        File.WriteAllBytes(dir.File("slice_0011.jpg"), jpeg);
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path, JpegCodecCases.Get(codec)).ReadAll());
        Assert.Contains("slice_0011.jpg", ex.Message);
        Assert.Contains("30x24", ex.Message);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_colour_slice_is_named(string codec)
    {
        using var dir = CopyOfFixture();
        using (var rgb = NetVips.Image.Black(28, 24, bands: 3))
            File.WriteAllBytes(dir.File("slice_0004.jpg"), rgb.JpegsaveBuffer(q: 95));
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path, JpegCodecCases.Get(codec)).ReadAll());
        Assert.Contains("slice_0004.jpg", ex.Message);
        Assert.Contains("grayscale", ex.Message);
    }

    [Theory, MemberData(nameof(Codecs))]
    public void A_colour_first_slice_is_refused_at_open(string codec)
    {
        using var dir = CopyOfFixture();
        using (var rgb = NetVips.Image.Black(28, 24, bands: 3))
            File.WriteAllBytes(dir.File("slice_0000.jpg"), rgb.JpegsaveBuffer(q: 95));
        var ex = Assert.Throws<MotorPickException>(() => JpegSliceStack.Open(dir.Path, JpegCodecCases.Get(codec)));
        Assert.Contains("slice_0000.jpg", ex.Message);
    }

    internal static TempDir CopyOfFixture()
    {
        var dir = Fixtures.TempDir();
        foreach (var f in Directory.GetFiles(FixtureDir)) File.Copy(f, dir.File(Path.GetFileName(f)));
        return dir;
    }
}
