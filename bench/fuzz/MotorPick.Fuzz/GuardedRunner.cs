using MotorPick.Core;

namespace MotorPick.Fuzz;

/// <summary>
/// Runs one input through a harness: a <see cref="MotorPickException"/> is a normal outcome (the parser refused the input
/// properly); any other exception escapes and AFL records a crash. Managed allocation during the call is measured and a
/// parse that allocates more than <see cref="Bound"/> throws <see cref="AllocationBoundException"/> (also a crash).
/// </summary>
internal sealed class GuardedRunner : IDisposable
{
    private readonly IHarness _harness;

    public GuardedRunner(IHarness harness)
    {
        _harness = harness;
        WorkDir = Path.Combine(Path.GetTempPath(), $"motorpick-fuzz-{harness.Name}-{Environment.ProcessId}");
        Directory.CreateDirectory(WorkDir);
    }

    /// <summary>A private scratch directory, emptied before every input.</summary>
    public string WorkDir { get; }

    /// <summary>The allocation bound for an input of <paramref name="inputBytes"/> bytes: 64 MiB + 16 x input size (plus the harness's allowance).</summary>
    public static long Bound(long inputBytes) => (64L << 20) + 16 * inputBytes;

    /// <summary>Runs the harness; returns the MotorPickException that refused the input, or null if it was accepted.</summary>
    public MotorPickException? Run(byte[] input)
    {
        Clear();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        MotorPickException? refused = null;
        try
        {
            _harness.Run(input, WorkDir);
        }
        catch (MotorPickException ex)
        {
            refused = ex;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        long bound = Bound(input.Length) + _harness.AllocationAllowance(input);
        if (allocated > bound)
            throw new AllocationBoundException($"harness '{_harness.Name}' allocated {allocated} bytes for a {input.Length}-byte input (bound {bound})"
                + (refused is null ? "" : $"; the input was then refused: {refused.Message}"));
        return refused;
    }

    private void Clear()
    {
        foreach (var f in Directory.EnumerateFileSystemEntries(WorkDir))
        {
            if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
            else File.Delete(f);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A parser allocated more managed memory than the input size allows.</summary>
internal sealed class AllocationBoundException(string message) : Exception(message);
