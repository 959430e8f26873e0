using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>
/// One protobuf message of onnx.proto as far as MotorPick writes it: its encoded size (needed for the length prefix of
/// a nested message) and its fields. The field numbers are onnx.proto's (onnx 1.x, stable since IR version 3).
/// </summary>
public abstract class ProtoMessage
{
    internal abstract int Size();

    internal abstract void Write(CodedOutputStream output);
}

/// <summary>Encoding of single fields. onnx.proto is proto2, so repeated numbers are written unpacked (one tag each), its canonical form.</summary>
internal static class Proto
{
    private static int Tag(int field) => CodedOutputStream.ComputeTagSize(field);

    public static int StringSize(int field, string? value) =>
        string.IsNullOrEmpty(value) ? 0 : Tag(field) + CodedOutputStream.ComputeStringSize(value);

    public static void String(CodedOutputStream o, int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    public static int StringsSize(int field, IEnumerable<string> values) =>
        values.Sum(v => Tag(field) + CodedOutputStream.ComputeStringSize(v));

    /// <summary>Repeated strings keep empty entries: an empty node input means "optional input left out".</summary>
    public static void Strings(CodedOutputStream o, int field, IEnumerable<string> values)
    {
        foreach (var v in values)
        {
            o.WriteTag(field, WireFormat.WireType.LengthDelimited);
            o.WriteString(v);
        }
    }

    public static int Int64Size(int field, long value) => Tag(field) + CodedOutputStream.ComputeInt64Size(value);

    public static void Int64(CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }

    public static int Int64sSize(int field, IEnumerable<long> values) => values.Sum(v => Int64Size(field, v));

    public static void Int64s(CodedOutputStream o, int field, IEnumerable<long> values)
    {
        foreach (var v in values) Int64(o, field, v);
    }

    public static int FloatSize(int field) => Tag(field) + 4;

    public static void Float(CodedOutputStream o, int field, float value)
    {
        o.WriteTag(field, WireFormat.WireType.Fixed32);
        o.WriteFloat(value);
    }

    public static int BytesSize(int field, ReadOnlyMemory<byte> value) => Tag(field) + CodedOutputStream.ComputeLengthSize(value.Length) + value.Length;

    public static void Bytes(CodedOutputStream o, int field, ReadOnlyMemory<byte> value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        // wrapped, not copied: weight tensors are the bulk of a model file
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    public static int MessageSize(int field, ProtoMessage message)
    {
        int n = message.Size();
        return Tag(field) + CodedOutputStream.ComputeLengthSize(n) + n;
    }

    public static void Message(CodedOutputStream o, int field, ProtoMessage message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteLength(message.Size());
        message.Write(o);
    }

    public static int MessagesSize(int field, IEnumerable<ProtoMessage> messages) => messages.Sum(m => MessageSize(field, m));

    public static void Messages(CodedOutputStream o, int field, IEnumerable<ProtoMessage> messages)
    {
        foreach (var m in messages) Message(o, field, m);
    }
}
