using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Nn.Kernels;

/// <summary>
/// How an operation runs after the probe: on channels-last (NDHWC) kernels or the plain contiguous ones, and in which
/// type (the requested mixed-precision type, or float32 where that type disagreed with float32 on this machine).
/// </summary>
public sealed record KernelChoice(bool ChannelsLast, ScalarType ComputeType)
{
    public string Describe() => (ChannelsLast ? "channels-last" : "plain") + " " + KernelNames.Type(ComputeType);
}

/// <summary>The outcome of probing one signature, for warnings and <c>motorpick doctor</c>.</summary>
/// <param name="Signature">What was probed.</param>
/// <param name="Choice">What runs.</param>
/// <param name="FellBack">True when a faster path disagreed with the plain path and was not taken.</param>
/// <param name="Reason">Why it fell back (the worst relative difference and where), or null.</param>
/// <param name="Milliseconds">What the probe cost.</param>
public sealed record KernelVerdict(KernelSignature Signature, KernelChoice Choice, bool FellBack, string? Reason, double Milliseconds);
