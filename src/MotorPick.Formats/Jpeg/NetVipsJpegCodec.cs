using MotorPick.Core;
using System.Runtime.InteropServices;
using NetVips;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// The default codec: libvips (mozjpeg, bundled by NetVips.Native; no apt package needed). Its decoded
/// pixels equal Pillow's / libjpeg-turbo's and its q95 entropy-coded data equals Pillow's (stack.md).
/// libvips is configured once per process with <c>Concurrency = 1</c> (we parallelise over slices
/// ourselves) and <c>Cache.Max = 0</c> (cached save operations would keep the callers' pixel arrays pinned).
/// </summary>
public sealed class NetVipsJpegCodec : IJpegCodec
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        NetVips.NetVips.Concurrency = 1;
        Cache.Max = 0;
        return true;
    });

    /// <summary>The libvips version NetVips loaded, e.g. "8.18.7".</summary>
    public static string LibraryVersion => $"{NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}";

    /// <summary>The shared instance (the codec is stateless and thread-safe).</summary>
    public static NetVipsJpegCodec Instance { get; } = new();

    private NetVipsJpegCodec() => _ = Configured.Value;

    public JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg, string source)
    {
        JpegChecks.CheckMagic(jpeg, source);
        try
        {
            using var image = Image.NewFromBuffer(jpeg, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            return new JpegHeader(image.Width, image.Height, image.Bands);
        }
        catch (VipsException ex)
        {
            throw new MotorPickException($"not a readable JPEG ({JpegChecks.FirstLine(ex.Message)})", source, inner: ex);
        }
    }

    public void DecodeGray(ReadOnlySpan<byte> jpeg, byte[] destination, long offset, int width, int height, string source)
    {
        JpegChecks.CheckMagic(jpeg, source);
        JpegChecks.CheckDestination(destination, offset, width, height);
        var size = (long)width * height;
        try
        {
            using var image = Image.NewFromBuffer(jpeg, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
            if (image.Bands != 1 || image.Format != Enums.BandFormat.Uchar)
                throw new MotorPickException($"expected an 8-bit grayscale JPEG, found {image.Bands} component(s) of {image.Format}", source);
            JpegChecks.CheckSize(image.Width, image.Height, width, height, source);
            // Wrap the caller's (pinned) memory as a vips image and let the loader write straight into it.
            var pin = GCHandle.Alloc(destination, GCHandleType.Pinned);
            try
            {
                using var target = Image.NewFromMemory(pin.AddrOfPinnedObject() + (nint)offset, (ulong)size, width, height, 1, Enums.BandFormat.Uchar);
                image.Write(target);
            }
            finally
            {
                pin.Free();
            }
        }
        catch (VipsException ex)
        {
            throw new MotorPickException($"corrupt or truncated JPEG ({JpegChecks.FirstLine(ex.Message)})", source, inner: ex);
        }
    }

    public byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height, int quality)
    {
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"pixels hold {pixels.Length} bytes, expected {width}x{height}", nameof(pixels));
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 1..100");
        // NewFromMemoryCopy: libvips may read the pixels lazily, so it must own them (a 0.9 MB copy, cheap next to the encode).
        using var image = Image.NewFromMemoryCopy(pixels, width, height, 1, Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
    }
}
