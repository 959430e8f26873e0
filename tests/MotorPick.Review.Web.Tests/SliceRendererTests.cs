using MotorPick.Review.Web.Imaging;

namespace MotorPick.Review.Web.Tests;

/// <summary>Crops stay centred on the point (black padding outside the slice) and contrast maps grey levels as asked.</summary>
public sealed class SliceRendererTests
{
    private static byte[] Ramp(int h, int w) => Enumerable.Range(0, h * w).Select(i => (byte)(100 + i % w)).ToArray();

    [Fact]
    public void A_crop_at_the_corner_is_padded_with_black_and_keeps_the_point_centred()
    {
        var slice = Ramp(10, 10);
        var crop = SliceRenderer.Crop(slice, 10, 10, new SliceView(0, 0, 4, ContrastMode.None));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 101, 0, 0, 100, 101 }, crop);
    }

    [Fact]
    public void Window_contrast_stretches_the_window_and_invert_flips_it()
    {
        var slice = Ramp(4, 4); // 100..103 per row
        var crop = SliceRenderer.Crop(slice, 4, 4, new SliceView(2, 2, 4, ContrastMode.Window, 101, 102));
        Assert.Equal(new byte[] { 0, 0, 255, 255 }, crop[..4]);
        var inverted = SliceRenderer.Crop(slice, 4, 4, new SliceView(2, 2, 4, ContrastMode.Window, 101, 102, Invert: true));
        Assert.Equal(new byte[] { 255, 255, 0, 0 }, inverted[..4]);
    }

    [Fact]
    public void Auto_contrast_uses_the_full_range()
    {
        var slice = Enumerable.Range(0, 100 * 100).Select(i => (byte)(120 + i % 10)).ToArray();
        var crop = SliceRenderer.Crop(slice, 100, 100, new SliceView(50, 50, 100));
        Assert.Equal(0, crop.Min());
        Assert.Equal(255, crop.Max());
    }

    [Fact]
    public void Png_and_jpeg_encode_with_their_signatures()
    {
        var pixels = new byte[32 * 32];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, SliceRenderer.Encode(pixels, 32, 32, 1, ImageFormat.Png)[..4]);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, SliceRenderer.Encode(pixels, 32, 32, 1, ImageFormat.Jpeg)[..3]);
    }
}
