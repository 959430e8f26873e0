using System.Runtime.ExceptionServices;

namespace MotorPick.Formats.Jpeg;

/// <summary>Parallel.For over slices that surfaces the first slice's own exception (e.g. a MotorPickException naming
/// the file) instead of an AggregateException.</summary>
internal static class ParallelSlices
{
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
        catch (AggregateException ex)
        {
            var inner = ex.Flatten().InnerExceptions;
            var first = inner.FirstOrDefault(e => e is Core.MotorPickException) ?? inner[0];
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }
}
