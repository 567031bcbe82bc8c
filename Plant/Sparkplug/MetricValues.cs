using System.Globalization;
using EdgeAE.Plant.Sparkplug.Proto;
using Google.Protobuf;
using Metric = EdgeAE.Plant.Sparkplug.Proto.Payload.Types.Metric;

namespace EdgeAE.Plant.Sparkplug;

/// <summary>Builds and reads Sparkplug metrics of the types EdgeAE uses.</summary>
public static class MetricValues
{
    /// <summary>Milliseconds since the Unix epoch (the Sparkplug timestamp unit).</summary>
    public static ulong Millis(DateTimeOffset t) => (ulong)Math.Max(0, t.ToUnixTimeMilliseconds());

    public static DateTimeOffset FromMillis(ulong ms) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(ms, 253402300799999UL));

    /// <summary>A metric with its alias, and its name when <paramref name="withName"/> (births); DATA messages send the alias only.</summary>
    public static Metric New(string name, ulong alias, DataType type, ulong timestamp, bool withName)
    {
        var m = new Metric { Alias = alias, Datatype = (uint)type, Timestamp = timestamp };
        if (withName) m.Name = name;
        return m;
    }

    public static Metric Float(string name, ulong alias, float value, ulong ts, bool withName)
    {
        var m = New(name, alias, DataType.Float, ts, withName);
        m.FloatValue = value;
        return m;
    }

    public static Metric UInt64(string name, ulong alias, ulong value, ulong ts, bool withName)
    {
        var m = New(name, alias, DataType.Uint64, ts, withName);
        m.LongValue = value;
        return m;
    }

    public static Metric Bool(string name, ulong alias, bool value, ulong ts, bool withName)
    {
        var m = New(name, alias, DataType.Boolean, ts, withName);
        m.BooleanValue = value;
        return m;
    }

    public static Metric String(string name, ulong alias, string value, ulong ts, bool withName)
    {
        var m = New(name, alias, DataType.String, ts, withName);
        m.StringValue = value;
        return m;
    }

    public static Metric Bytes(string name, ulong alias, ReadOnlySpan<byte> value, ulong ts, bool withName)
    {
        var m = New(name, alias, DataType.Bytes, ts, withName);
        m.BytesValue = ByteString.CopyFrom(value);
        return m;
    }

    public static double? AsDouble(Metric m) => m.ValueCase switch
    {
        Metric.ValueOneofCase.FloatValue => m.FloatValue,
        Metric.ValueOneofCase.DoubleValue => m.DoubleValue,
        Metric.ValueOneofCase.IntValue => m.IntValue,
        Metric.ValueOneofCase.LongValue => m.LongValue,
        Metric.ValueOneofCase.BooleanValue => m.BooleanValue ? 1 : 0,
        _ => null,
    };

    public static string? AsString(Metric m) => m.ValueCase switch
    {
        Metric.ValueOneofCase.StringValue => m.StringValue,
        Metric.ValueOneofCase.None => null,
        _ => AsDouble(m)?.ToString(CultureInfo.InvariantCulture),
    };
}
