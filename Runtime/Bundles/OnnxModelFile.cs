namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// Just enough of the protobuf wire format to find the GraphProto inside a ModelProto, so the
/// device can verify a bundle's graph hash without a protobuf library. The hash covers the
/// serialized graph (nodes, initializers, inputs, outputs) and nothing else: rewriting
/// metadata (thresholds after calibration, say) leaves it unchanged.
/// </summary>
public static class OnnxModelFile
{
    private const int GraphField = 7;

    /// <summary>Hex SHA-256 of the GraphProto bytes of a serialized ModelProto.</summary>
    public static string GraphSha256(ReadOnlySpan<byte> model)
    {
        return Sha256.HexOf(FindGraph(model));
    }

    public static string GraphSha256(string path) => GraphSha256(File.ReadAllBytes(path));

    /// <summary>Hex SHA-256 of a whole file (provenance of sources and calibration data).</summary>
    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Sha256.HexOf(stream);
    }

    internal static ReadOnlySpan<byte> FindGraph(ReadOnlySpan<byte> model)
    {
        int pos = 0;
        ReadOnlySpan<byte> graph = default;
        bool found = false;
        while (pos < model.Length)
        {
            ulong key = ReadVarint(model, ref pos);
            int field = (int)(key >> 3);
            int wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    ReadVarint(model, ref pos);
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2:
                    ulong len = ReadVarint(model, ref pos);
                    if (len > (ulong)(model.Length - pos))
                        throw new BundleException("model", "truncated protobuf (length past end of file)");
                    if (field == GraphField)
                    {
                        graph = model.Slice(pos, (int)len);
                        found = true;
                    }
                    pos += (int)len;
                    break;
                case 5:
                    pos += 4;
                    break;
                default:
                    throw new BundleException("model", $"not an ONNX model (protobuf wire type {wire} at byte {pos})");
            }
            if (pos > model.Length)
                throw new BundleException("model", "truncated protobuf");
        }
        if (!found)
            throw new BundleException("model.graph", "the file holds no ONNX graph");
        return graph;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
                throw new BundleException("model", "truncated protobuf varint");
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw new BundleException("model", "malformed protobuf varint");
    }
}
