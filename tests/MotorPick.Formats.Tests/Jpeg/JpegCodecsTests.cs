using MotorPick.Core;
using MotorPick.Formats.Jpeg;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Jpeg;

public class JpegCodecsTests
{
    [TurboJpegFact]
    public void Auto_takes_libjpeg_turbo_once_it_decodes_the_probes_like_netvips()
    {
        var choice = JpegCodecs.Choose(null);
        Assert.IsType<TurboJpegCodec>(choice.Codec);
        Assert.Contains("verified against NetVips", choice.Why);
        Assert.IsType<TurboJpegCodec>(JpegCodecs.Choose("libjpeg-turbo").Codec);
    }

    [TurboJpegFact]
    public void Turbo_decodes_every_fixture_slice_and_other_qualities_exactly_like_netvips()
    {
        var turbo = TurboJpegCodec.TryCreate()!;
        Assert.Null(JpegCodecs.Disagreement(turbo));
        foreach (var path in Directory.GetFiles(Fixtures.Path("peer", "slices", "tomo_fixture"), "*.jpg"))
        {
            var jpeg = File.ReadAllBytes(path);
            var h = turbo.ReadHeader(jpeg, path);
            Assert.Equal(NetVipsJpegCodec.Instance.ReadHeader(jpeg, path), h);
            var (a, b) = (new byte[h.Width * h.Height], new byte[h.Width * h.Height]);
            NetVipsJpegCodec.Instance.DecodeGray(jpeg, a, 0, h.Width, h.Height, path);
            turbo.DecodeGray(jpeg, b, 0, h.Width, h.Height, path);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Netvips_is_used_when_asked_for()
    {
        var choice = JpegCodecs.Choose("netvips");
        Assert.Same(NetVipsJpegCodec.Instance, choice.Codec);
        Assert.Contains(JpegCodecs.Variable, choice.Why);
    }

    [Fact]
    public void An_unknown_decoder_setting_is_refused_with_the_choices()
    {
        var ex = Assert.Throws<MotorPickException>(() => JpegCodecs.Choose("turbo"));
        Assert.Contains("MOTORPICK_JPEG_DECODER=turbo", ex.Message);
        Assert.Contains("auto, libjpeg-turbo or netvips", ex.Message);
    }

    [Fact]
    public void A_decoder_that_differs_from_netvips_by_one_pixel_is_not_taken()
    {
        var why = JpegCodecs.Disagreement(new OnePixelOff());
        Assert.NotNull(why);
        Assert.Contains("1 of", why);
        Assert.Contains("using NetVips", why);
    }

    [Fact]
    public void A_decoder_that_fails_on_the_probe_is_not_taken()
    {
        var why = JpegCodecs.Disagreement(new Failing());
        Assert.NotNull(why);
        Assert.Contains("failed on a probe image", why);
    }

    /// <summary>NetVips with one pixel changed: what a wrong SIMD path on some CPU would look like.</summary>
    private sealed class OnePixelOff : IJpegCodec
    {
        public JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg, string source) => NetVipsJpegCodec.Instance.ReadHeader(jpeg, source);

        public void DecodeGray(ReadOnlySpan<byte> jpeg, byte[] destination, long offset, int width, int height, string source)
        {
            NetVipsJpegCodec.Instance.DecodeGray(jpeg, destination, offset, width, height, source);
            destination[offset + width + 1] ^= 1;
        }

        public byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height, int quality) => throw new NotSupportedException();
    }

    private sealed class Failing : IJpegCodec
    {
        public JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg, string source) => throw new MotorPickException("broken", source);
        public void DecodeGray(ReadOnlySpan<byte> jpeg, byte[] destination, long offset, int width, int height, string source) => throw new MotorPickException("broken", source);
        public byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height, int quality) => throw new NotSupportedException();
    }
}
