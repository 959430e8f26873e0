using Google.Protobuf;

namespace MotorPick.Onnx;

/// <summary>
/// A model file (ModelProto): IR version, the default-domain opset, producer, the graph and string metadata.
/// IR version 8 with opset 17 loads in ONNX Runtime 1.14 and later.
/// </summary>
public sealed class OnnxModel(OnnxGraph graph, string producerName, string producerVersion, IReadOnlyDictionary<string, string>? metadata = null) : ProtoMessage
{
    public const long IrVersion = 8;
    public const long Opset = 17;

    private const int IrVersionField = 1, ProducerNameField = 2, ProducerVersionField = 3, GraphField = 7, OpsetImportField = 8, MetadataField = 14;

    public OnnxGraph Graph { get; } = graph;
    public string ProducerName { get; } = producerName;
    public string ProducerVersion { get; } = producerVersion;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();

    private IEnumerable<ProtoMessage> MetadataEntries => Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new StringEntry(kv.Key, kv.Value));

    internal override int Size() =>
        Proto.Int64Size(IrVersionField, IrVersion) + Proto.StringSize(ProducerNameField, ProducerName) + Proto.StringSize(ProducerVersionField, ProducerVersion)
        + Proto.MessageSize(GraphField, Graph) + Proto.MessageSize(OpsetImportField, new OpsetId()) + Proto.MessagesSize(MetadataField, MetadataEntries);

    internal override void Write(CodedOutputStream o)
    {
        Proto.Int64(o, IrVersionField, IrVersion);
        Proto.String(o, ProducerNameField, ProducerName);
        Proto.String(o, ProducerVersionField, ProducerVersion);
        Proto.Message(o, GraphField, Graph);
        Proto.Message(o, OpsetImportField, new OpsetId());
        Proto.Messages(o, MetadataField, MetadataEntries);
    }

    /// <summary>Serialises the model to <paramref name="stream"/> (left open).</summary>
    public void WriteTo(Stream stream)
    {
        // protobuf messages are limited to 2 GiB; the sizes below are int like the library's
        long size = 0;
        foreach (var t in Graph.Initializers) size += t.Raw.Length;
        if (size > int.MaxValue - (64 << 20))
            throw new InvalidOperationException($"the weights take {size >> 20} MiB; a single-file ONNX model is limited to 2 GiB");
        var output = new CodedOutputStream(stream, leaveOpen: true);
        Write(output);
        output.Flush();
    }

    /// <summary>The serialised model as bytes.</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream(Size());
        WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>OperatorSetIdProto: domain = 1 (empty: the default ONNX domain), version = 2.</summary>
    private sealed class OpsetId : ProtoMessage
    {
        internal override int Size() => Proto.Int64Size(2, Opset);

        internal override void Write(CodedOutputStream o) => Proto.Int64(o, 2, Opset);
    }

    /// <summary>StringStringEntryProto: key = 1, value = 2.</summary>
    private sealed class StringEntry(string key, string value) : ProtoMessage
    {
        internal override int Size() => Proto.StringSize(1, key) + Proto.StringSize(2, value);

        internal override void Write(CodedOutputStream o)
        {
            Proto.String(o, 1, key);
            Proto.String(o, 2, value);
        }
    }
}
