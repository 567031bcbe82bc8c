using EdgeAE.Device.Alerts;
using EdgeAE.Device.Hosting;
using EdgeAE.Device.Learning;
using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;
using EdgeAE.Device.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>
/// A board with no model: with Model:Learn the daemon records, trains and writes its first bundle,
/// saying once a minute that the machine is not monitored, with the warning and alarm outputs off
/// throughout; the next start runs on the learned model. Without Model:Learn it refuses with one line.
/// </summary>
public class FirstLearnTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("first-learn");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private DeviceOptions NoModel()
    {
        var skab = LearnSetup.Skab();
        var o = LearnSetup.Options(dir, skab, rows: 4000, OnBoardLearningTests.SmallRecipe());
        File.Delete(o.Model.Path);
        return o;
    }

    [Test]
    public void WithNoModelTheDaemonLearnsTheFirstOneWithItsOutputsOff()
    {
        var o = NoModel();
        using (var c = new DeviceComponents(o, NullLoggerFactory.Instance, new Liveness(TimeProvider.System)))
        {
            Assert.That(c.Pipeline, Is.Null, "nothing scores without a model");
            Assert.That(c.FirstLearn, Is.Not.Null);
            var pins = (SimulatedPinBackend)c.Alerts.Pins;
            c.Learner!.Start();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            Assert.That(c.FirstLearn!.Run(cts.Token), Is.True, string.Join("\n", DeviceHarness.ReadJournal(c.Journal!.ActivePath)));
            Assert.That(File.ReadAllBytes(o.Model.Path), Is.EqualTo(File.ReadAllBytes(Path.Combine(o.Model.Learn.Directory, OnBoardLearner.LearnedBundle))));
            // Fail closed: the warning and alarm lines were never driven active while nothing judged the machine.
            Assert.That(pins.Transitions.Where(x => x.Line == o.Alerts.WarningPin || x.Line == o.Alerts.AlarmPin).Select(x => x.Level), Has.None.EqualTo(!o.Alerts.ActiveLow));
            var journal = DeviceHarness.ReadJournal(c.Journal!.ActivePath);
            var kinds = journal.Select(e => e.GetProperty("kind").GetString()).ToList();
            Assert.That(kinds, Is.SupersetOf(new[] { "learn-no-model", "learn-started", "learn-recorded", "learn-written" }));
            Assert.That(journal.First(e => e.GetProperty("kind").GetString() == "learn-no-model").GetProperty("message").GetString(),
                Does.StartWith($"no model at {o.Model.Path} yet: the machine is not monitored and the warning and alarm outputs stay off; learning the first model: recording (0/4000 rows"));
        }
        // The restart systemd makes on exit 75: a normal start on the learned model, whose session is finished.
        using var next = new DeviceHarness(o);
        Assert.That(next.Components.FirstLearn, Is.Null);
        Assert.That(next.Pipeline.Scorer.Manifest.Thresholds, Is.Not.Null);
        Assert.That(next.Components.Learner!.State, Is.EqualTo("learned"));
    }

    [Test]
    public void TheDaemonExits75AfterItsFirstModelSoSystemdStartsItOnIt()
    {
        LearnSetup.Skab();
        string model = Path.Combine(dir, "pump.onnx");
        using var daemon = new DaemonProcess(dir, "--demo", "--learn", "--Model:Path", model, "--Model:ReloadPollSeconds", "1",
            "--Source:Kind", "Replay", "--Source:Path", LearnSetup.AnomalyFree, "--Source:Speed", "0",
            "--Model:Learn:Rows", "4000", "--Model:Learn:Directory", Path.Combine(dir, "learn"),
            "--Model:Learn:Recipe:Window", "30", "--Model:Learn:Recipe:Hop", "5", "--Model:Learn:Recipe:Hidden", "8", "--Model:Learn:Recipe:Latent", "4",
            "--Model:Learn:Recipe:Epochs", "6", "--Model:Learn:Recipe:Patience", "0", "--Model:Learn:Recipe:Seed", "7",
            "--Model:Learn:Recipe:MinRows", "1000", "--Model:Learn:Recipe:HoldOut", "0.25", "--Model:Learn:Recipe:MaxLossRatio", "0.99");
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(90)), Is.EqualTo(FirstLearn.ExitToArm), string.Join("\n", daemon.Stdout.Concat(daemon.Stderr)));
        Assert.That(daemon.Stdout, Has.Some.Contains($"no model at {model}: learning a first one"));
        Assert.That(daemon.Stdout, Has.Some.Contains("first model learned into"));
        Assert.That(File.Exists(model));
    }

    [Test]
    public void TheNoModelLineRepeatsOnItsPeriod()
    {
        var o = NoModel();
        o.Source.Speed = 1;   // 1 row/s: the recording cannot finish in this test
        using var c = new DeviceComponents(o, NullLoggerFactory.Instance, new Liveness(TimeProvider.System));
        var first = new FirstLearn(c.Source!, o, c.Learner!, c.Alerts, c.Reporter!, new Liveness(TimeProvider.System), c.Clock, NullLogger.Instance) { StatusEvery = TimeSpan.FromMilliseconds(300) };
        c.Learner!.Start();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(first.Run(cts.Token), Is.False, "stopped before a model was learned");
        int lines = DeviceHarness.ReadJournal(c.Journal!.ActivePath).Count(e => e.GetProperty("kind").GetString() == "learn-no-model");
        // One at once, then one per period: never more; at least one repeat in 1.5 s of 300 ms periods however loaded the machine.
        Assert.That(lines, Is.InRange(2, 1 + (int)(clock.Elapsed / TimeSpan.FromMilliseconds(300))));
    }

    [Test]
    public void WithoutLearningNoModelIsAOneLineRefusal()
    {
        var o = NoModel();
        o.Model.Learn.Enabled = false;
        var e = Assert.Throws<StartupException>(() => new DeviceComponents(o, NullLoggerFactory.Instance, new Liveness(TimeProvider.System)).Dispose());
        Assert.That(e!.Message, Is.EqualTo($"Model:Path: '{o.Model.Path}' does not exist"));
        o.Model.Learn.Enabled = true;
        o.Source = new SourceOptions { Kind = SourceKind.Stdin };
        e = Assert.Throws<StartupException>(() => new DeviceComponents(o, NullLoggerFactory.Instance, new Liveness(TimeProvider.System)).Dispose());
        Assert.That(e!.Message, Does.StartWith("Source:Columns: name the channels to learn a first model from"));
    }
}
