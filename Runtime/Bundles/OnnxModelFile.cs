using System.Text;

namespace EdgeAE.Runtime.Bundles;

/// <summary>
/// Just enough of the protobuf wire format to find the GraphProto and the metadata inside a
/// ModelProto, so the device can verify a bundle's graph hash without a protobuf library. The hash
/// covers the serialized graph (nodes, initializers, inputs, outputs) and nothing else: rewriting
/// metadata (thresholds after calibration, say) leaves it unchanged. Hashes are <see cref="Sha256"/>
/// (managed, so a start does not load OpenSSL for them).
/// </summary>
public static class OnnxModelFile
{
    private const int GraphField = 7;
    private const int MetadataField = 14;

    /// <summary>Hex SHA-256 of the GraphProto bytes of a serialized ModelProto.</summary>
    public static string GraphSha256(ReadOnlySpan<byte> model) => Sha256Hex(FindGraph(model));

    public static string GraphSha256(string path) => GraphSha256(File.ReadAllBytes(path));

    /// <summary>Hex SHA-256 of a whole file (provenance of sources and calibration data).</summary>
    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(Sha256.HashData(stream));
    }

    /// <summary>Lower-case hex SHA-256 of some bytes.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Sha256.Hex(data);

    /// <summary>The value of <c>metadata_props[key]</c> in a serialized ModelProto, or null when absent.</summary>
    public static string? MetadataValue(ReadOnlySpan<byte> model, string key)
    {
        string? found = null;
        foreach (var (field, entry) in LengthDelimited(model))
        {
            if (field != MetadataField) continue;
            string? k = null, v = null;
            var entryBytes = model.Slice(entry.Start, entry.Length);
            foreach (var (f, r) in LengthDelimited(entryBytes))
            {
                if (f == 1) k = Encoding.UTF8.GetString(entryBytes.Slice(r.Start, r.Length));
                else if (f == 2) v = Encoding.UTF8.GetString(entryBytes.Slice(r.Start, r.Length));
            }
            if (k == key) found = v ?? "";
        }
        return found;
    }

    /// <summary>The length-delimited fields of one protobuf message: field number and (offset, length).</summary>
    private static List<(int Field, (int Start, int Length) Range)> LengthDelimited(ReadOnlySpan<byte> message)
    {
        var list = new List<(int, (int, int))>();
        int pos = 0;
        while (pos < message.Length)
        {
            ulong key = ReadVarint(message, ref pos);
            int field = (int)(key >> 3);
            int wire = (int)(key & 7);
            switch (wire)
            {
                case 0: ReadVarint(message, ref pos); break;
                case 1: pos += 8; break;
                case 5: pos += 4; break;
                case 2:
                    ulong len = ReadVarint(message, ref pos);
                    if (len > (ulong)(message.Length - pos))
                        throw new BundleException("model", "truncated protobuf (length past end of file)");
                    list.Add((field, (pos, (int)len)));
                    pos += (int)len;
                    break;
                default:
                    throw new BundleException("model", $"not an ONNX model (protobuf wire type {wire} at byte {pos})");
            }
            if (pos > message.Length)
                throw new BundleException("model", "truncated protobuf");
        }
        return list;
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
