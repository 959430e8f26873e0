using System.Runtime.CompilerServices;

namespace MotorPick.Tests;

/// <summary>Tests that run train or predict through the CLI (in-process or as child processes, which inherit the
/// environment) would otherwise fill the per-user volume cache (~/.cache/motorpick/volumes) with entries for temporary
/// folders that no later run can hit. A cap of 0 turns that default cache off; tests that want one pass a folder.</summary>
internal static class VolumeCacheOff
{
#pragma warning disable CA2255 // a module initializer is the point here: it must run before any test touches the CLI
    [ModuleInitializer]
    internal static void TurnOff()
    {
        if (Environment.GetEnvironmentVariable("MOTORPICK_VOLUME_CACHE_GB") is null)
            Environment.SetEnvironmentVariable("MOTORPICK_VOLUME_CACHE_GB", "0");
    }
#pragma warning restore CA2255
}
