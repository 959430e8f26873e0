using System.Buffers;
using MotorPick.Core;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// Reads slice files into one reused pooled buffer per worker: a stack of 300 q95 slices would otherwise allocate
/// ~225 MB of short-lived large-object arrays, whose fresh pages the kernel must fault in and zero for every read.
/// </summary>
internal sealed class SliceFile : IDisposable
{
    private byte[] _buffer = [];

    /// <summary>The whole file, valid until the next <see cref="Read"/> on this instance.</summary>
    public ReadOnlySpan<byte> Read(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength) throw new MotorPickException($"a {length:N0}-byte slice is larger than any JPEG slice can be", path);
            if (_buffer.Length < length)
            {
                if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent((int)length);
            }
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(handle, _buffer.AsSpan(read, (int)length - read), read);
                if (n == 0) break; // the file shrank while it was read: decode what is there, the codec names a truncation
                read += n;
            }
            return _buffer.AsSpan(0, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MotorPickException($"cannot read the slice ({ex.Message})", path, inner: ex);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
