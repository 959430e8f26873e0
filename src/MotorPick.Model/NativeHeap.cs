using System.Runtime.InteropServices;

namespace MotorPick.Model;

/// <summary>
/// How training uses the C heap. A training step allocates and frees the same large activation buffers every time.
/// With glibc's defaults, buffers above the mmap threshold (32 MB at most: every activation of a 64x128x128 batch) are
/// mapped and unmapped each step, and every page faults in again when touched: the full demo spent 18.6 % of its CPU
/// time in the kernel with 28 million minor page faults. Below the threshold, freed buffers fragment the heap (resident
/// memory grew ~1 MB a step), which a <c>malloc_trim</c> every few dozen steps undid, only to fault the pages back in.
/// <see cref="KeepFreedMemory"/> instead serves every allocation from the heap (M_MMAP_MAX 0) and never gives freed
/// memory back (M_TRIM_THRESHOLD 2 GB): after the first few hundred steps the same blocks are reused and resident
/// memory stays flat at the peak of one step (tiny preset, 32x64x64: 55 k minor faults over 600 steps against 619 k).
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Training steps between trims where freed memory is given back (glibc defaults, or MOTORPICK_MALLOC=default).</summary>
    public const int TrainingTrimInterval = 50;

    private const int MTrimThreshold = -1, MMmapMax = -4;

    private static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>True once <see cref="KeepFreedMemory"/> took effect: <see cref="Trim"/> then does nothing.</summary>
    public static bool KeepsFreedMemory { get; private set; }

    /// <summary>
    /// Makes glibc keep and reuse freed memory for the rest of the process (see the class remarks); a no-op elsewhere,
    /// or when the environment variable MOTORPICK_MALLOC is "default". Returns whether it took effect.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (KeepsFreedMemory) return true;
        if (unavailable || Environment.GetEnvironmentVariable("MOTORPICK_MALLOC") is "default") return false;
        try
        {
            KeepsFreedMemory = Mallopt(MMmapMax, 0) == 1 && Mallopt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            unavailable = true; // musl and other C libraries without mallopt
        }
        return KeepsFreedMemory;
    }

    /// <summary>Releases free heap memory to the system (glibc's malloc_trim), unless the heap keeps it; a no-op where the C library lacks it.</summary>
    public static void Trim()
    {
        if (unavailable || KeepsFreedMemory) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            unavailable = true; // musl and other C libraries without malloc_trim
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
