using System.Buffers;

namespace MotorPick.Formats.Zarr;

/// <summary>
/// A <see cref="Memory{T}"/> over pinned memory (a fixed span), so that synchronous span APIs can call the async
/// region readers. Only valid while the caller keeps the memory pinned and waits for the work to finish.
/// </summary>
internal sealed unsafe class PointerMemory<T>(T* pointer, int length) : MemoryManager<T> where T : unmanaged
{
    public override Span<T> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
