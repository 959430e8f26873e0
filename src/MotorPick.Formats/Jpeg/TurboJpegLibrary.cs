using System.Runtime.InteropServices;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// The TurboJPEG API of the system's libjpeg-turbo (Debian/Ubuntu <c>libturbojpeg0</c>, Fedora <c>turbojpeg</c>), loaded at run
/// time when present. No NuGet package ships it, so it is optional: without it the stacks decode through NetVips.
/// Only the 2.x entry points that every libjpeg-turbo since 1.4 exports are bound (3.x keeps them).
/// </summary>
internal sealed unsafe class TurboJpegLibrary
{
    public const string Install = "apt-get install libturbojpeg0 (Debian/Ubuntu) or dnf install turbojpeg (Fedora)";

    // turbojpeg.h constants
    public const int PixelFormatGray = 6;      // TJPF_GRAY
    public const int ColorspaceGray = 2;       // TJCS_GRAY
    public const int ColorspaceCmyk = 3;       // TJCS_CMYK
    public const int ColorspaceYcck = 4;       // TJCS_YCCK
    public const int FlagStopOnWarning = 8192; // TJFLAG_STOPONWARNING: a truncated or damaged file fails instead of decoding grey

    private static readonly string[] Names = ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "turbojpeg.dll"];
    private static readonly Lazy<TurboJpegLibrary?> Loaded = new(Load);

    private readonly delegate* unmanaged<nint> _initDecompress;
    private readonly delegate* unmanaged<nint, int> _destroy;
    private readonly delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int> _decompressHeader3;
    private readonly delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int> _decompress2;
    private readonly delegate* unmanaged<nint, byte*> _getErrorStr2;

    private TurboJpegLibrary(nint handle, string path)
    {
        Path = path;
        _initDecompress = (delegate* unmanaged<nint>)NativeLibrary.GetExport(handle, "tjInitDecompress");
        _destroy = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(handle, "tjDestroy");
        _decompressHeader3 = (delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int>)NativeLibrary.GetExport(handle, "tjDecompressHeader3");
        _decompress2 = (delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int>)NativeLibrary.GetExport(handle, "tjDecompress2");
        _getErrorStr2 = (delegate* unmanaged<nint, byte*>)NativeLibrary.GetExport(handle, "tjGetErrorStr2");
    }

    /// <summary>The library, or null when no libturbojpeg can be loaded (or it lacks an entry point).</summary>
    public static TurboJpegLibrary? Instance => Loaded.Value;

    /// <summary>The name it was loaded by.</summary>
    public string Path { get; }

    private static TurboJpegLibrary? Load()
    {
        foreach (var name in Names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            try
            {
                return new TurboJpegLibrary(handle, name);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(handle);
            }
        }
        return null;
    }

    /// <summary>A decompressor, for one thread at a time; dispose it.</summary>
    public Decompressor CreateDecompressor()
    {
        var h = _initDecompress();
        if (h == 0) throw new InvalidOperationException("tjInitDecompress failed (out of memory?)");
        return new Decompressor(this, h);
    }

    public sealed class Decompressor(TurboJpegLibrary lib, nint handle) : IDisposable
    {
        private nint _handle = handle;

        /// <summary>Reads the header: width, height and colourspace; false with the library's message on failure.</summary>
        public bool TryReadHeader(ReadOnlySpan<byte> jpeg, out int width, out int height, out int colorspace, out string error)
        {
            int w, h, subsamp, cs;
            fixed (byte* src = jpeg)
            {
                var rc = lib._decompressHeader3(_handle, src, (nuint)jpeg.Length, &w, &h, &subsamp, &cs);
                (width, height, colorspace) = (w, h, cs);
                error = rc == 0 ? "" : ErrorMessage();
                return rc == 0;
            }
        }

        /// <summary>Decodes into <paramref name="destination"/> (width*height bytes, rows of width); warnings count as errors.</summary>
        public bool TryDecodeGray(ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height, out string error)
        {
            fixed (byte* src = jpeg)
            fixed (byte* dst = destination)
            {
                var rc = lib._decompress2(_handle, src, (nuint)jpeg.Length, dst, width, width, height, PixelFormatGray, FlagStopOnWarning);
                error = rc == 0 ? "" : ErrorMessage();
                return rc == 0;
            }
        }

        private string ErrorMessage() => Marshal.PtrToStringUTF8((nint)lib._getErrorStr2(_handle)) ?? "unknown libjpeg-turbo error";

        public void Dispose()
        {
            if (_handle == 0) return;
            lib._destroy(_handle);
            _handle = 0;
        }
    }
}
