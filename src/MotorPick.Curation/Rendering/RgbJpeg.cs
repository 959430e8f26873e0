using MotorPick.Formats.Jpeg;

namespace MotorPick.Curation.Rendering;

/// <summary>Encodes review images as RGB JPEG with libvips (the same library as the slice codec).</summary>
public static class RgbJpeg
{
    public static byte[] Encode(RgbCanvas canvas, int quality)
    {
        _ = NetVipsJpegCodec.Instance; // applies the process-wide libvips settings (no operation cache, one worker thread per image)
        using var image = NetVips.Image.NewFromMemory(canvas.Pixels, canvas.Width, canvas.Height, 3, NetVips.Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: quality, keep: NetVips.Enums.ForeignKeep.None);
    }
}
