namespace EdgeAE.Device.Dashboard;

/// <summary>One point of the score trace (Unix ms, the highest score since the previous point, the levels then).</summary>
public sealed class TracePoint(long t, float s, double? w, double? a)
{
    public long T { get; } = t;
    public float S { get; } = s;
    public double? W { get; } = w;
    public double? A { get; } = a;
}
