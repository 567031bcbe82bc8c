using EdgeAE.Device.Options;
using EdgeAE.Learning;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Device.Tests.Support;

/// <summary>A board set up for on-board learning on SKAB's anomaly-free pump data: a guard model and, optionally, a recording made in advance.</summary>
public static class LearnSetup
{
    public static string AnomalyFree => Path.Combine(TestPaths.Shared, "data", "skab", "anomaly-free", "anomaly-free.csv");

    public static SensorTable Skab()
    {
        if (!File.Exists(AnomalyFree)) Assert.Ignore("SKAB data not found under ../shared");
        return SensorDataReader.Read(AnomalyFree, new DataReadOptions());
    }

    /// <summary>Daemon options with a PCA guard model over SKAB's channels and Model:Learn on (not yet recorded).</summary>
    public static DeviceOptions Options(string dir, SensorTable skab, long rows, LearnSettings recipe)
    {
        string bundle = Path.Combine(dir, "model", "pump.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(bundle)!);
        PcaBundle.Fit(skab.Slice(0, 3000), window: 16, components: 6, bundle);
        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Model.ReloadPollSeconds = 0.5;
        o.Model.Learn = new LearnOptions { Enabled = true, Rows = rows, Directory = Path.Combine(dir, "learn"), Recipe = recipe };
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = AnomalyFree, Speed = 0 };
        return o;
    }

    /// <summary>What the board's recorder would have written from SKAB's first <paramref name="rows"/> rows.</summary>
    public static void Record(string learnDir, SensorTable skab, int rows, LearnSettings recipe)
    {
        using var w = new RecordingWriter(learnDir, skab.Channels, recipe, 64L * 1024 * 1024);
        for (int r = 0; r < rows; r++) w.Append(skab.TimeOf(r), skab.Row(r));
    }

    public static void WaitUntil(Func<bool> condition, string what, TimeSpan timeout)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }

    public static List<string> Kinds(DeviceHarness h) => h.Journal().Select(e => e.GetProperty("kind").GetString()!).ToList();

    public static string Message(DeviceHarness h, string kind) =>
        h.Journal().Last(e => e.GetProperty("kind").GetString() == kind).GetProperty("message").GetString()!;
}
