using System.Runtime.InteropServices;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using Google.Protobuf;

namespace EdgeAE.Onnx;

/// <summary>Conversions between TensorProto and plain arrays (raw_data little-endian, as ORT writes it).</summary>
public static class OnnxTensors
{
    public static TensorProto Float(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        return t;
    }

    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(data), data.Length, dims);

    public static TensorProto UInt8(string name, ReadOnlySpan<byte> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Uint8, data, data.Length, dims);

    public static TensorProto Int32(string name, ReadOnlySpan<int> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(data), data.Length, dims);

    public static TensorProto Int64(string name, ReadOnlySpan<long> data, params long[] dims) =>
        Raw(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(data), data.Length, dims);

    private static TensorProto Raw(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, int count, long[] dims)
    {
        CheckCount(name, count, dims);
        var t = new TensorProto { Name = name, DataType = (int)type };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(bytes);
        return t;
    }

    public static long ElementCount(TensorProto t)
    {
        long n = 1;
        foreach (var d in t.Dims) n *= d;
        return n;
    }

    /// <summary>Reads a float tensor whichever way it is stored (raw_data or float_data).</summary>
    public static float[] ToFloats(TensorProto t)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InputException($"tensor '{t.Name}' is {(TensorProto.Types.DataType)t.DataType}, not float");
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InputException($"tensor '{t.Name}' keeps its data in an external file, which EdgeAE does not read");
        long n = ElementCount(t);
        if (!t.RawData.IsEmpty)
        {
            if (t.RawData.Length != n * 4)
                throw new InputException($"tensor '{t.Name}' has {t.RawData.Length} raw bytes for {n} floats");
            return MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        }
        if (t.FloatData.Count != n)
            throw new InputException($"tensor '{t.Name}' has {t.FloatData.Count} values for shape [{string.Join(",", t.Dims)}]");
        return t.FloatData.ToArray();
    }

    /// <summary>Reads an integer tensor (int8/uint8/int32/int64) as longs, e.g. Reshape shapes.</summary>
    public static long[] ToInt64s(TensorProto t)
    {
        long n = ElementCount(t);
        var type = (TensorProto.Types.DataType)t.DataType;
        if (!t.RawData.IsEmpty)
        {
            var span = t.RawData.Span;
            return type switch
            {
                TensorProto.Types.DataType.Int64 => MemoryMarshal.Cast<byte, long>(span).ToArray(),
                TensorProto.Types.DataType.Int32 => MemoryMarshal.Cast<byte, int>(span).ToArray().Select(v => (long)v).ToArray(),
                TensorProto.Types.DataType.Int8 => MemoryMarshal.Cast<byte, sbyte>(span).ToArray().Select(v => (long)v).ToArray(),
                TensorProto.Types.DataType.Uint8 => span.ToArray().Select(v => (long)v).ToArray(),
                _ => throw new InputException($"tensor '{t.Name}' is {type}, not an integer type"),
            };
        }
        return type switch
        {
            TensorProto.Types.DataType.Int64 => t.Int64Data.ToArray(),
            TensorProto.Types.DataType.Int32 or TensorProto.Types.DataType.Int8 or TensorProto.Types.DataType.Uint8
                => t.Int32Data.Select(v => (long)v).ToArray(),
            _ => n == 0 ? [] : throw new InputException($"tensor '{t.Name}' is {type}, not an integer type"),
        };
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long n = 1;
        foreach (var d in dims) n *= d;
        if (n != count)
            throw new ArgumentException($"tensor '{name}': {count} values do not fill shape [{string.Join(",", dims)}]");
    }
}
