namespace MotorPick.Onnx;

/// <summary>
/// Builds a graph node by node: every value gets a unique name derived from a hint (a module path such as
/// <c>encoder.layer1.0.conv1</c>), so the file reads like the network it came from in tools such as Netron.
/// </summary>
public sealed class OnnxGraphBuilder(string name)
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly List<OnnxValueInfo> inputs = [];
    private readonly List<OnnxValueInfo> outputs = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> int64Constants = new(StringComparer.Ordinal);

    /// <summary>A fresh value name: <paramref name="hint"/>, or the hint with a numeric suffix when taken.</summary>
    public string Unique(string hint)
    {
        if (names.Add(hint)) return hint;
        for (int i = 1; ; i++)
            if (names.Add($"{hint}_{i}")) return $"{hint}_{i}";
    }

    public string Input(string hint, OnnxDataType type, params OnnxDim[] shape)
    {
        var n = Unique(hint);
        inputs.Add(new OnnxValueInfo(n, type, shape));
        return n;
    }

    /// <summary>Declares <paramref name="value"/> a graph output (it keeps its name).</summary>
    public void Output(string value, OnnxDataType type, params OnnxDim[] shape) => outputs.Add(new OnnxValueInfo(value, type, shape));

    public string Floats(string hint, long[] dims, ReadOnlySpan<float> values)
    {
        var n = Unique(hint);
        initializers.Add(OnnxTensor.Floats(n, dims, values));
        return n;
    }

    /// <summary>A 1-D int64 constant (shapes, axes, slice bounds), shared by every node that needs the same values.</summary>
    public string Int64s(params long[] values)
    {
        var key = string.Join(",", values);
        if (int64Constants.TryGetValue(key, out var existing)) return existing;
        var n = Unique("const_i64_" + key.Replace(",", "_", StringComparison.Ordinal).Replace("-", "m", StringComparison.Ordinal));
        initializers.Add(OnnxTensor.Int64s(n, [values.Length], values));
        int64Constants[key] = n;
        return n;
    }

    /// <summary>Adds one node with a single output named after <paramref name="hint"/>; returns the output's name.</summary>
    public string Node(string opType, string hint, IReadOnlyList<string> nodeInputs, params OnnxAttribute[] attributes)
    {
        var output = Unique(hint);
        nodes.Add(new OnnxNode(opType, nodeInputs.ToArray(), [output], output, attributes));
        return output;
    }

    public OnnxGraph Build() => new(name, nodes.ToArray(), initializers.ToArray(), inputs.ToArray(), outputs.ToArray());
}
