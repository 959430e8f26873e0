using System.Runtime.ExceptionServices;

namespace MotorPick.Formats.Access;

/// <summary>Parallel loops that surface the first worker exception itself (not an AggregateException), so that a
/// <see cref="Core.MotorPickException"/> from a worker reaches the caller unchanged.</summary>
internal static class ParallelWork
{
    public static void For(int count, int maxDegree, Action<int> body)
    {
        if (count <= 0) return;
        if (count == 1 || maxDegree <= 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegree }, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
