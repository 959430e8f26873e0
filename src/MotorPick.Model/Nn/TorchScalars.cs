using TorchSharp;

namespace MotorPick.Model.Nn;

/// <summary>
/// Scalars that live as long as the process. TorchSharp hands a <see cref="Scalar"/>'s native handle to libtorch without
/// keeping the Scalar alive, and Scalar has a finaliser: the temporary of an implicit conversion (<c>x.add_(y)</c> passes
/// alpha 1, <c>x - 114.75</c>, <c>loss / 2</c>) can be freed by the GC while libtorch still reads it. Under load this
/// crashed training after about 1500 steps with "Expected false to be true ... toLong" in <c>add_</c>. Hot paths pass
/// these (or scoped scalars held with <see cref="GC.KeepAlive"/>) instead of numbers.
/// </summary>
internal static class TorchScalars
{
    public static readonly Scalar One = 1.ToScalar();
    public static readonly Scalar MinusOne = (-1).ToScalar();
}
