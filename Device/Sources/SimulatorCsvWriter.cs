using System.Globalization;
using System.Text;
using EdgeAE.Device.Options;

namespace EdgeAE.Device.Sources;

/// <summary>
/// Writes pump-simulator data as CSV (timestamp, the six channels, anomaly 0/1), the training and
/// test data for the demo bundle. Faults follow Source:Simulator (set FaultEverySeconds=0 for clean
/// training data); the anomaly column marks machine faults (bearing burst, pressure drop), not sensor faults.
/// </summary>
public static class SimulatorCsvWriter
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Write(string path, SimulatorOptions options, long rows)
    {
        var sim = new PumpSimulator(options);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("timestamp,");
        writer.Write(string.Join(",", sim.Channels));
        writer.Write(",anomaly\n");
        Span<float> v = stackalloc float[sim.ChannelCount];
        var sb = new StringBuilder(128);
        for (long i = 0; i < rows; i++)
        {
            var fault = sim.FaultAt(i);
            var offset = sim.Next(v);
            sb.Clear();
            sb.Append((Start + offset).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
            foreach (float x in v)
            {
                sb.Append(',');
                sb.Append(x.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append(fault is { } f && f.IsMachineAnomaly() ? ",1\n" : ",0\n");
            writer.Write(sb);
        }
    }
}
