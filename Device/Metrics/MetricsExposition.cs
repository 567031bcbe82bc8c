using System.Globalization;
using System.Text;

namespace EdgeAE.Device.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4, which OpenMetrics scrapers read too):
/// <c># HELP</c>, <c># TYPE</c>, then samples. Hand-written rather than prometheus-net 8.2.1: that
/// library is AOT clean, but it adds about 1.8 MB to a Native-AOT binary (measured, see the README) for
/// a dozen numbers, and the arm64 binary has a 12 MB budget.
/// </summary>
public sealed class MetricsExposition
{
    private readonly StringBuilder text = new();

    public void Counter(string name, string help, double value) => Single(name, help, "counter", value);

    public void Gauge(string name, string help, double value) => Single(name, help, "gauge", value);

    /// <summary>A gauge with one label (one sample per label value).</summary>
    public void Gauge(string name, string help, string label, IEnumerable<(string Value, double Sample)> samples)
    {
        Header(name, help, "gauge");
        foreach (var (v, s) in samples) text.Append(name).Append('{').Append(label).Append("=\"").Append(Escape(v)).Append("\"} ").Append(Number(s)).Append('\n');
    }

    public void Histogram(string name, string help, double[] bounds, long[] cumulative, double sum)
    {
        Header(name, help, "histogram");
        for (int i = 0; i < bounds.Length; i++)
            text.Append(name).Append("_bucket{le=\"").Append(Number(bounds[i])).Append("\"} ").Append(cumulative[i]).Append('\n');
        text.Append(name).Append("_bucket{le=\"+Inf\"} ").Append(cumulative[^1]).Append('\n');
        text.Append(name).Append("_sum ").Append(Number(sum)).Append('\n');
        text.Append(name).Append("_count ").Append(cumulative[^1]).Append('\n');
    }

    public override string ToString() => text.ToString();

    private void Single(string name, string help, string type, double value)
    {
        Header(name, help, type);
        text.Append(name).Append(' ').Append(Number(value)).Append('\n');
    }

    private void Header(string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Number(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
