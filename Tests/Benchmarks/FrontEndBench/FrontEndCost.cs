using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.FrontEnds;

namespace EdgeAE.Benchmarks.FrontEnds;

/// <summary>
/// Times the bundle's front end alone (no ONNX Runtime: the manifest is read from the file's metadata)
/// on a fixed synthetic window computed afresh each time, then on a stream of windows sliding by the
/// bundle's hop, and compares its output with another machine's (the board must compute
/// what the workstation calibrated on, or the difference must be known).
/// </summary>
public sealed record FrontEndCost(string Bundle, string FrontEnd, int Window, int Channels, int Values, int Windows, int Rounds,
    double MedianNanoseconds, double MinNanoseconds, double StreamNanoseconds, string Fingerprint, FeatureDifference? Difference)
{
    public static FrontEndCost Measure(string path, int windows, int rounds, string? dumpDirectory = null, string? referenceDirectory = null)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string json = OnnxModelFile.MetadataValue(bytes, BundleManifest.MetadataKey)
            ?? throw new InvalidDataException("not an EdgeAE bundle (no manifest in its metadata)");
        var manifest = ManifestJson.Parse(json);
        var spec = manifest.FrontEnd ?? throw new InvalidDataException("the bundle has no front end");
        var frontEnd = EdgeAE.Runtime.Streaming.FrontEnds.FrontEnd.Create(spec, manifest.Window, manifest.ChannelCount);
        float[] window = SyntheticWindow(manifest.Window, manifest.ChannelCount);
        var features = new float[frontEnd.OutputValues];

        frontEnd.Transform(window, features);
        string name = System.IO.Path.GetFileNameWithoutExtension(path);
        if (dumpDirectory is not null)
            File.WriteAllBytes(System.IO.Path.Combine(dumpDirectory, name + ".f32"), MemoryMarshal.AsBytes(features.AsSpan()).ToArray());
        FeatureDifference? difference = null;
        if (referenceDirectory is not null)
            difference = FeatureDifference.Between(features, MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(System.IO.Path.Combine(referenceDirectory, name + ".f32"))));
        for (int i = 0; i < Math.Min(windows, 20); i++) frontEnd.Transform(window, features);   // page in code and tables

        var perWindow = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < windows; i++) frontEnd.Transform(window, features);
            perWindow[r] = Stopwatch.GetElapsedTime(start).Ticks * 100.0 / windows;
        }
        Array.Sort(perWindow);
        string fingerprint = FingerprintOf(features);

        // A stream: windows sliding by the bundle's hop, as the device and the offline scorer feed them
        // (logmel takes the frames consecutive windows share from the previous window).
        int hop = manifest.Hop, channels = manifest.ChannelCount;
        float[] signal = SyntheticWindow(manifest.Window + hop * windows, channels);
        var perStreamWindow = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < windows; i++) frontEnd.Transform(signal.AsSpan(i * hop * channels, manifest.Window * channels), features);
            perStreamWindow[r] = Stopwatch.GetElapsedTime(start).Ticks * 100.0 / windows;
        }
        Array.Sort(perStreamWindow);
        return new FrontEndCost(name, spec.ToString(), manifest.Window, channels,
            frontEnd.OutputValues, windows, rounds, perWindow[rounds / 2], perWindow[0], perStreamWindow[rounds / 2], fingerprint, difference);
    }

    /// <summary>Sines at channel-dependent frequencies plus a fixed pseudo-random noise, in the normalized range.</summary>
    public static float[] SyntheticWindow(int window, int channels)
    {
        var values = new float[window * channels];
        uint state = 12345;
        for (int t = 0; t < window; t++)
            for (int c = 0; c < channels; c++)
            {
                state = state * 1664525 + 1013904223;
                float noise = (state >> 8) / (float)(1 << 24) - 0.5f;
                values[t * channels + c] = 0.5f * MathF.Sin(t * 0.05f * (1 + c * 0.3f) + c) + 0.1f * noise;
            }
        return values;
    }

    /// <summary>FNV-1a (64 bit) over the features' IEEE bits.</summary>
    public static string FingerprintOf(ReadOnlySpan<float> features)
    {
        ulong hash = 14695981039346656037;
        foreach (float f in features)
        {
            uint bits = BitConverter.SingleToUInt32Bits(f);
            for (int b = 0; b < 4; b++)
            {
                hash ^= (bits >> (8 * b)) & 0xFF;
                hash *= 1099511628211;
            }
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"bundle\":\"{Bundle}\",\"front_end\":\"{FrontEnd}\",\"window\":{Window},\"channels\":{Channels},\"values\":{Values},\"windows\":{Windows},\"rounds\":{Rounds},\"ns_per_window_median\":{MedianNanoseconds:F1},\"ns_per_window_min\":{MinNanoseconds:F1},\"ns_per_window_stream\":{StreamNanoseconds:F1},\"fingerprint\":\"{Fingerprint}\"{Difference?.ToJson()}}}");
}
