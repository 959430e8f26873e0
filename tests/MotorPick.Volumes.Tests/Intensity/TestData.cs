namespace MotorPick.Volumes.Tests.Intensity;

/// <summary>Deterministic test values reproduced bit for bit in numpy:
/// <c>i = arange(100003); v = (((i*7919) % 1000)/37.0 - 13.0).astype(float32); v[::11] += float32(0.123)</c>.</summary>
internal static class TestData
{
    public static float[] Floats()
    {
        var v = new float[100003];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(((long)i * 7919 % 1000) / 37.0 - 13.0);
            if (i % 11 == 0) v[i] += 0.123f;
        }
        return v;
    }

    /// <summary><c>(((i*7919) % 1000) % 256).astype(uint8)</c>.</summary>
    public static byte[] Bytes() => Enumerable.Range(0, 100003).Select(i => (byte)((long)i * 7919 % 1000 % 256)).ToArray();
}
