namespace MotorPick.Volumes.Intensity;

/// <summary>Maps float32 values to unsigned keys with the same order (for radix selection of exact order statistics).</summary>
public static class FloatOrder
{
    public static uint Key(float v)
    {
        var bits = BitConverter.SingleToUInt32Bits(v);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    public static float Value(uint key)
    {
        var bits = (key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key;
        return BitConverter.UInt32BitsToSingle(bits);
    }
}
