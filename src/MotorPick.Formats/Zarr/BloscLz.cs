namespace MotorPick.Formats.Zarr;

/// <summary>
/// Decoder for blosclz, c-blosc's own FastLZ-derived codec. A stream is a sequence of tokens led by a control byte
/// (the first one has its top bits used as a format marker): control &lt; 32 is a literal run of control+1 bytes;
/// otherwise a back-reference whose length is (control &gt;&gt; 5) + 2 (7 means "add the following bytes until one is not
/// 255"), and whose distance is ((control &amp; 31) &lt;&lt; 8) + next byte + 1, or, when that byte and the high bits are
/// both saturated, 8191 + a 16-bit big-endian distance + 1.
/// </summary>
public static class BloscLz
{
    private const int MaxDistance = 8191;

    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>; returns the bytes written, or -1 if the stream is corrupt.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty) return -1;
        int ip = 0, op = 0;
        int ctrl = input[ip++] & 31;
        while (true)
        {
            if (ctrl >= 32)
            {
                int len = (ctrl >> 5) - 1;
                int ofs = (ctrl & 31) << 8;
                if (len == 6)
                {
                    int code;
                    do
                    {
                        if (ip >= input.Length) return -1;
                        code = input[ip++];
                        len += code;
                    } while (code == 255);
                }
                if (ip >= input.Length) return -1;
                int low = input[ip++];
                len += 3;
                long distance = ofs + low;
                if (low == 255 && ofs == 31 << 8)
                {
                    if (ip + 1 >= input.Length) return -1;
                    distance = ((input[ip] << 8) | input[ip + 1]) + MaxDistance;
                    ip += 2;
                }
                long refPos = op - distance - 1;
                if (refPos < 0 || op + len > output.Length) return -1;
                int r = (int)refPos;
                if (distance == 0)
                {
                    output.Slice(op, len).Fill(output[r]);
                    op += len;
                }
                else if (op - r >= len)
                {
                    output.Slice(r, len).CopyTo(output[op..]);
                    op += len;
                }
                else
                {
                    // Overlapping copy: the run repeats itself, byte by byte.
                    for (int k = 0; k < len; k++) output[op++] = output[r++];
                }
            }
            else
            {
                int run = ctrl + 1;
                if (op + run > output.Length || ip + run > input.Length) return -1;
                input.Slice(ip, run).CopyTo(output[op..]);
                op += run;
                ip += run;
            }
            if (ip >= input.Length) break;
            ctrl = input[ip++];
        }
        return op;
    }
}
