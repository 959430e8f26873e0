using System.Runtime.InteropServices;
using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>TensorProto.DataType values MotorPick writes.</summary>
public enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
}

/// <summary>A constant tensor (TensorProto): name, dims, element type and little-endian <c>raw_data</c>.</summary>
public sealed class OnnxTensor : ProtoMessage
{
    private const int DimsField = 1, DataTypeField = 2, NameField = 8, RawDataField = 9;

    private OnnxTensor(string name, long[] dims, OnnxDataType type, byte[] raw)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        int width = type == OnnxDataType.Float ? sizeof(float) : sizeof(long);
        if (raw.LongLength != count * width)
            throw new ArgumentException($"tensor '{name}' has dims [{string.Join(", ", dims)}] ({count} values) but {raw.LongLength / width} values were given");
        (Name, Dims, DataType, Raw) = (name, dims, type, raw);
    }

    public string Name { get; }
    public IReadOnlyList<long> Dims { get; }
    public OnnxDataType DataType { get; }
    public ReadOnlyMemory<byte> Raw { get; }

    public static OnnxTensor Floats(string name, long[] dims, ReadOnlySpan<float> values) =>
        new(name, dims, OnnxDataType.Float, LittleEndian(MemoryMarshal.AsBytes(values)));

    public static OnnxTensor Int64s(string name, long[] dims, ReadOnlySpan<long> values) =>
        new(name, dims, OnnxDataType.Int64, LittleEndian(MemoryMarshal.AsBytes(values)));

    private static byte[] LittleEndian(ReadOnlySpan<byte> bytes) =>
        BitConverter.IsLittleEndian ? bytes.ToArray() : throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer runs on little-endian machines only");

    internal override int Size() =>
        Proto.Int64sSize(DimsField, Dims) + Proto.Int64Size(DataTypeField, (long)DataType) + Proto.StringSize(NameField, Name) + Proto.BytesSize(RawDataField, Raw);

    internal override void Write(CodedOutputStream o)
    {
        Proto.Int64s(o, DimsField, Dims);
        // data_type is an int32 field: same varint as int64 for non-negative values
        Proto.Int64(o, DataTypeField, (long)DataType);
        Proto.String(o, NameField, Name);
        Proto.Bytes(o, RawDataField, Raw);
    }
}
