using MotorPick.Core;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// Picks the codec that stacks decode with, once per process. <c>MOTORPICK_JPEG_DECODER</c>: <c>auto</c> (default) takes
/// libjpeg-turbo when it is installed and decodes a probe image exactly like NetVips on this machine, else NetVips;
/// <c>libjpeg-turbo</c> insists on it (an error when it is missing or differs); <c>netvips</c> never uses it.
/// A fast path is only taken after it was verified here against the plain one: results must not depend on the machine.
/// </summary>
public static class JpegCodecs
{
    public const string Variable = "MOTORPICK_JPEG_DECODER";

    private static readonly Lazy<Choice> Chosen = new(() => Choose(Environment.GetEnvironmentVariable(Variable)));

    /// <summary>The codec stacks decode with.</summary>
    public static IJpegCodec Default => Chosen.Value.Codec;

    /// <summary>Which decoder is used and why, for <c>doctor</c> and logs.</summary>
    public static string Description => Chosen.Value.Why;

    /// <summary>True when the fast decoder is in use.</summary>
    public static bool UsesTurbo => Chosen.Value.Codec is TurboJpegCodec;

    internal sealed record Choice(IJpegCodec Codec, string Why);

    internal static Choice Choose(string? setting)
    {
        var mode = string.IsNullOrWhiteSpace(setting) ? "auto" : setting.Trim().ToLowerInvariant();
        if (mode is not ("auto" or "libjpeg-turbo" or "netvips"))
            throw new MotorPickException($"{Variable}={setting}: expected auto, libjpeg-turbo or netvips");
        if (mode == "netvips") return new(NetVipsJpegCodec.Instance, $"NetVips (libvips {NetVipsJpegCodec.LibraryVersion}), set by {Variable}");
        var turbo = TurboJpegCodec.TryCreate();
        string? problem = turbo is null
            ? $"libturbojpeg is not installed ({TurboJpegLibrary.Install} decodes stacks with about a third less CPU)"
            : Disagreement(turbo);
        if (problem is null) return new(turbo!, $"libjpeg-turbo ({turbo!.LibraryPath}), verified against NetVips on this machine");
        if (mode == "libjpeg-turbo") throw new MotorPickException($"{Variable}=libjpeg-turbo: {problem}");
        return new(NetVipsJpegCodec.Instance, $"NetVips (libvips {NetVipsJpegCodec.LibraryVersion}); {problem}");
    }

    /// <summary>Null when <paramref name="turbo"/> decodes the probe images exactly like NetVips, else what differs.</summary>
    internal static string? Disagreement(IJpegCodec turbo)
    {
        foreach (var (width, height, quality) in new[] { (67, 45, 95), (128, 96, 75), (16, 8, 50) })
        {
            var jpeg = NetVipsJpegCodec.Instance.EncodeGray(Probe(width, height), width, height, quality);
            var expected = new byte[width * height];
            var actual = new byte[width * height];
            NetVipsJpegCodec.Instance.DecodeGray(jpeg, expected, 0, width, height, "probe");
            try
            {
                turbo.DecodeGray(jpeg, actual, 0, width, height, "probe");
            }
            catch (MotorPickException ex)
            {
                return $"libjpeg-turbo failed on a probe image ({ex.Message}); using NetVips";
            }
            var diff = 0;
            for (var i = 0; i < expected.Length; i++) if (expected[i] != actual[i]) diff++;
            if (diff > 0) return $"libjpeg-turbo decodes {diff} of {expected.Length} probe pixels differently from NetVips ({width}x{height}, q{quality}); using NetVips";
        }
        return null;
    }

    /// <summary>A deterministic image with edges, gradients and noise, so every IDCT path is exercised.</summary>
    private static byte[] Probe(int width, int height)
    {
        var pixels = new byte[width * height];
        var state = 0x9E3779B9u;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5;
            var v = 3 * x + 2 * y + (((x / 5) + (y / 7)) % 2 == 0 ? 60 : 0) + (int)(state % 41) - 20;
            pixels[y * width + x] = (byte)Math.Clamp(v, 0, 255);
        }
        return pixels;
    }
}
