using EdgeAE.Device.Options;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Detection;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Acceptance: a SKAB recording replayed through the daemon's pipeline raises alarms inside the
/// labelled anomaly span, journals them, and scores every window exactly as the offline scorer
/// (the code behind `edgeae score`) does.
/// </summary>
[Category("Acceptance")]
public class SkabReplayTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("skab");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void ReplayRaisesAlarmsInTheLabelledSpanWithOfflineScores()
    {
        string csv = Path.Combine(TestPaths.Shared, "data", "skab", "valve1", "0.csv");
        if (!File.Exists(csv)) Assert.Ignore($"SKAB data not found at {csv} (shared data is not part of the repository)");
        var table = SensorDataReader.Read(csv, new DataReadOptions { LabelColumn = "anomaly" });
        int firstAnomaly = Array.FindIndex(table.Labels!, l => l > 0);
        int lastAnomaly = Array.FindLastIndex(table.Labels!, l => l > 0);
        Assert.That(firstAnomaly, Is.GreaterThan(400), "the file starts with a normal stretch");

        string bundle = Path.Combine(dir, "skab.onnx");
        PcaBundle.Fit(table.Slice(0, 400), window: 10, components: 8, bundle, alarmMargin: 1.5, raiseAfter: 3, clearAfter: 5);

        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        o.Health.StuckSamples = 0;   // SKAB's flow-rate channel is quantized and legitimately repeats for long stretches
        using var h = new DeviceHarness(o);
        h.Pipeline.Run(CancellationToken.None);

        ScoreSeries offline;
        using (var b = Bundle.Load(bundle, new InferenceSettings()))
            offline = OfflineScorer.Score(b, SensorDataReader.Read(csv));
        Assert.That(h.Scores, Has.Count.EqualTo(offline.Count));
        Assert.That(h.Scores.ToArray(), Is.EqualTo(offline.Scores), "device and offline window scores must be identical");

        DateTime spanStart = table.TimeOf(firstAnomaly), spanEnd = table.TimeOf(Math.Min(table.Rows - 1, lastAnomaly + 10));
        var raised = h.Events.Where(e => e.Kind != DetectorEventKind.Cleared).ToList();
        Assert.That(raised.Where(e => e.Level == AlertLevel.Alarm && e.At >= spanStart && e.At <= spanEnd), Is.Not.Empty, "an alarm inside the labelled span");
        Assert.That(raised.Where(e => e.Level == AlertLevel.Alarm && e.At < spanStart), Is.Empty, "no alarm before the anomaly starts (early warnings are allowed)");
        var journaled = h.Journal().Where(e => e.GetProperty("kind").GetString() is "raised" or "escalated").ToList();
        Assert.That(journaled, Has.Count.EqualTo(raised.Count));
        Assert.That(journaled.Any(e => e.GetProperty("level").GetString() == "alarm"), Is.True);
        TestContext.Out.WriteLine($"{h.Scores.Count} windows; events: {string.Join("; ", h.Events.Select(e => $"{e.Kind} {e.Level} at {e.At:HH:mm:ss}"))}; span {spanStart:HH:mm:ss}–{spanEnd:HH:mm:ss}");
    }

    [Test]
    public void WithStagesAdaptiveThresholdAndDriftTheDeviceScoresAndJudgesExactlyAsOffline()
    {
        string csv = Path.Combine(TestPaths.Shared, "data", "skab", "valve1", "0.csv");
        if (!File.Exists(csv)) Assert.Ignore($"SKAB data not found at {csv} (shared data is not part of the repository)");
        var table = SensorDataReader.Read(csv, new DataReadOptions { LabelColumn = "anomaly" });
        var train = table.Slice(0, 400);
        string[] slow = ["Temperature", "Thermocouple"];
        var recipe = new PcaBundle.Recipe(
            Stages:
            [
                new PreprocessingStageSpec { Kind = StageKind.Difference, Warmup = 1, Channels = slow },
                new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 100, Adapt = StageAdaptation.WhileNormal, Channels = table.Channels.Except(slow).ToArray() },
            ],
            ChannelFit: ChannelFitMethod.MedianIqr,
            Reduction: ScoreReduction.Max,
            Adaptive: new AdaptiveThresholdOptions { Depth = 50 },
            Drift: new DriftOptions());
        string bundle = Path.Combine(dir, "skab-stages.onnx");
        var m = PcaBundle.Fit(train, window: 10, components: 8, bundle, alarmMargin: 1.5, raiseAfter: 1, clearAfter: 1, recipe: recipe);
        Assert.That(m.Thresholds!.Adaptive, Is.Not.Null);

        var o = DeviceHarness.DefaultOptions(dir, bundle);
        o.Source = new SourceOptions { Kind = SourceKind.Replay, Path = csv, Speed = 0 };
        o.Health.StuckSamples = 0;
        using var h = new DeviceHarness(o);
        h.Pipeline.Run(CancellationToken.None);

        ScoreSeries offline;
        using (var b = Bundle.Load(bundle, new InferenceSettings()))
            offline = OfflineScorer.Score(b, SensorDataReader.Read(csv));
        Assert.That(h.Scores.ToArray(), Is.EqualTo(offline.Scores), "window scores (stages, standardized max) identical");
        Assert.That(h.AlarmLevels.ToArray(), Is.EqualTo(offline.AlarmLevels), "the adaptive alarm level each window met, identical");
        Assert.That(h.Events.Select(e => (e.Kind, e.Level, e.At)), Is.EqualTo(offline.Events.Select(e => (e.Kind, e.Level, e.At))), "the same detector decisions");
        Assert.That(h.DriftEvents.Select(e => (e.Change, e.Frame)), Is.EqualTo(offline.DriftEvents.Select(e => (e.Change, e.Frame))), "the same drift reports");
        Assert.That(offline.AlarmLevels.Distinct().Count(), Is.GreaterThan(10), "the adaptive level moved during the run");
        Assert.That(h.DriftEvents, Is.Not.Empty, "the thermal channels drift away from the 400 calibration rows");
        var drift = h.Journal().Where(e => e.GetProperty("kind").GetString() == "drift").ToList();
        Assert.That(drift, Has.Count.EqualTo(h.DriftEvents.Count(e => e.Started)));
        Assert.That(drift.Select(e => e.GetProperty("channel").GetString()), Has.Some.AnyOf("Temperature", "Thermocouple"));
        TestContext.Out.WriteLine($"{h.Scores.Count} windows, {h.Events.Count} events, drift: {string.Join("; ", drift.Select(e => e.GetProperty("message").GetString()))}");
    }
}
