using EdgeAE.Device.Learning;
using EdgeAE.Device.Options;
using EdgeAE.Device.Plant;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Learning;
using EdgeAE.Plant.Commands;
using EdgeAE.Runtime.Detection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

/// <summary>
/// Relearning while an old model guards the machine: the plant's <c>relearn</c> command, a changed
/// Model:Learn:Recipe at start, and drift with Model:Learn:OnDrift each retire the finished session to
/// previous/ and record anew; the armed model keeps scoring until the new one is armed.
/// </summary>
public class RelearnTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("relearn");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    private string LearnDir => Path.Combine(dir, "learn");

    /// <summary>A session that already ended: its recording and the marker the learner leaves.</summary>
    private void FinishedSession(Runtime.Data.SensorTable skab, LearnSettings recipe, int rows = 1200)
    {
        LearnSetup.Record(LearnDir, skab, rows, recipe);
        File.WriteAllText(Path.Combine(LearnDir, OnBoardLearner.DoneMarker), "{}");
    }

    private static CommandDispatcher Dispatcher(DeviceHarness h, out BundleDeployer deployer)
    {
        var c = h.Components;
        deployer = new BundleDeployer(h.Options.Model, new MqttDeployOptions(), h.Pipeline.SourceChannels, c.Reporter!, NullLogger.Instance);
        return new CommandDispatcher(c.Alerts, h.Pipeline, c.Reporter!, deployer, NullLogger.Instance);
    }

    [Test]
    public async Task TheRelearnCommandRecordsAnewAndArmsANewModelWhileTheOldOneScores()
    {
        var skab = LearnSetup.Skab();
        var o = LearnSetup.Options(dir, skab, rows: 4000, OnBoardLearningTests.SmallRecipe());
        o.Source.Loop = true;
        o.Journal.MaxBytes = 512L * 1024 * 1024;
        FinishedSession(skab, OnBoardLearningTests.SmallRecipe());
        using var h = new DeviceHarness(o);
        var learner = h.Components.Learner!;
        Assert.That(learner.State, Is.EqualTo("learned"));
        string oldGraph = h.Pipeline.Scorer.Manifest.Provenance.GraphSha256;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        h.Components.Watcher!.Start();
        learner.Start();
        var dispatcher = Dispatcher(h, out var deployer);
        using (deployer)
            await dispatcher.ExecuteAsync(new PlantCommand { Command = PlantCommand.RelearnName }, [], CancellationToken.None);
        // The replay starts once the new recording is open, so it holds SKAB's first 4000 rows (the data this recipe is known to learn).
        LearnSetup.WaitUntil(() => learner.State == "recording", "the new recording to open", TimeSpan.FromSeconds(10));
        var run = Task.Factory.StartNew(() => h.Pipeline.Run(cts.Token), TaskCreationOptions.LongRunning);
        LearnSetup.WaitUntil(() => learner.State is "learned" && learner.LearnedGraphSha256 is not null || learner.State is "refused" or "failed", "the relearn to finish", TimeSpan.FromSeconds(90));
        Assert.That(learner.State, Is.EqualTo("learned"), string.Join("\n", h.Journal().Select(e => e.ToString())));
        // Until the watcher swaps it in, the old model scored every window.
        Assert.That(h.Pipeline.WindowsScored, Is.GreaterThan(0));
        LearnSetup.WaitUntil(() => h.Pipeline.Scorer.Manifest.Provenance.GraphSha256 == learner.LearnedGraphSha256, "the relearned bundle to be armed", TimeSpan.FromSeconds(20));
        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(10));

        Assert.That(learner.LearnedGraphSha256, Is.Not.EqualTo(oldGraph));
        var kinds = LearnSetup.Kinds(h);
        Assert.That(kinds.IndexOf("relearn-requested"), Is.LessThan(kinds.IndexOf("learn-started")));
        Assert.That(kinds.IndexOf("learn-written"), Is.LessThan(kinds.LastIndexOf("model-reloaded")));
        Assert.That(LearnSetup.Message(h, "relearn-requested"), Does.Contain("a plant command"));
        // The retired session is kept whole for `edgeae learn --from learn/previous`.
        string previous = Path.Combine(LearnDir, LearnArchive.PreviousDirectory);
        Assert.That(RecordingReader.Read(previous).Table.Rows, Is.EqualTo(1200));
        Assert.That(File.Exists(Path.Combine(previous, OnBoardLearner.DoneMarker)));
        Assert.That(RecordingReader.Read(LearnDir).Table.Rows, Is.EqualTo(4000));
    }

    [Test]
    public async Task RelearnIsRefusedWithOneLineWhileRecordingAndWithoutLearning()
    {
        var skab = LearnSetup.Skab();
        var o = LearnSetup.Options(dir, skab, rows: 4000, OnBoardLearningTests.SmallRecipe());
        using (var h = new DeviceHarness(o))
        {
            Assert.That(h.Components.Learner!.State, Is.EqualTo("recording"));
            var dispatcher = Dispatcher(h, out var deployer);
            using (deployer)
                await dispatcher.ExecuteAsync(new PlantCommand { Command = PlantCommand.RelearnName }, [], CancellationToken.None);
            Assert.That(LearnSetup.Message(h, "relearn-rejected"), Is.EqualTo("relearn (a plant command): the current session is still recording (0/4000 rows)"));
            Assert.That(h.Components.Learner.State, Is.EqualTo("recording"));
        }
        Directory.Delete(Path.Combine(dir, "journal"), recursive: true);
        o.Model.Learn.Enabled = false;
        using (var h = new DeviceHarness(o))
        {
            var dispatcher = Dispatcher(h, out var deployer);
            using (deployer)
                await dispatcher.ExecuteAsync(new PlantCommand { Command = PlantCommand.RelearnName }, [], CancellationToken.None);
            Assert.That(LearnSetup.Message(h, "command-rejected"), Does.StartWith("relearn: on-board learning is not enabled"));
        }
    }

    [Test]
    public void AChangedRecipeStartsANewRecordingAtStartAndTheSameRecipeDoesNot()
    {
        var skab = LearnSetup.Skab();
        var old = OnBoardLearningTests.SmallRecipe();
        old.Seed = 1;
        FinishedSession(skab, old);
        var o = LearnSetup.Options(dir, skab, rows: 4000, OnBoardLearningTests.SmallRecipe());
        o.Model.Learn.Recipe.Seed = 1;
        using (var same = new DeviceHarness(o))
        {
            same.Components.Learner!.Start();
            Thread.Sleep(200);
            Assert.That(same.Components.Learner.State, Is.EqualTo("learned"), "the same recipe keeps the finished session");
        }
        o.Model.Learn.Recipe.Seed = 7;
        using var h = new DeviceHarness(o);
        var learner = h.Components.Learner!;
        learner.Start();
        LearnSetup.WaitUntil(() => learner.State == "recording", "the new recording to start", TimeSpan.FromSeconds(10));
        Assert.That(LearnSetup.Message(h, "relearn-requested"), Does.Contain("Model:Learn:Recipe differs"));
        Assert.That(RecordingReader.ReadHeader(Path.Combine(LearnDir, LearnArchive.PreviousDirectory)).Settings.Seed, Is.EqualTo(1UL));
        Assert.That(RecordingReader.ReadHeader(LearnDir).Settings.Seed, Is.EqualTo(7UL));
        Assert.That(File.Exists(Path.Combine(LearnDir, OnBoardLearner.DoneMarker)), Is.False);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void DriftStartsARelearnOnlyWithOnDrift(bool onDrift)
    {
        var skab = LearnSetup.Skab();
        FinishedSession(skab, OnBoardLearningTests.SmallRecipe());
        var o = LearnSetup.Options(dir, skab, rows: 4000, OnBoardLearningTests.SmallRecipe());
        o.Model.Learn.OnDrift = onDrift;
        using var h = new DeviceHarness(o);
        var learner = h.Components.Learner!;
        learner.Start();
        var drift = new DriftEvent(new DriftChange(0, +1, 4.2, 500), skab.TimeOf(100), 100);
        h.Pipeline.OnDrift(drift);
        h.Pipeline.OnDrift(drift with { Change = new DriftChange(1, -1, -3.9, 600) });   // a second channel: already pending, not journaled again
        if (!onDrift)
        {
            Thread.Sleep(200);
            Assert.That(learner.State, Is.EqualTo("learned"));
            Assert.That(LearnSetup.Kinds(h), Does.Not.Contain("relearn-requested"));
            return;
        }
        LearnSetup.WaitUntil(() => learner.State == "recording", "the relearn's recording to start", TimeSpan.FromSeconds(10));
        var kinds = LearnSetup.Kinds(h);
        Assert.That(kinds.Count(k => k == "relearn-requested"), Is.EqualTo(1));
        Assert.That(kinds, Does.Not.Contain("relearn-rejected"));
        Assert.That(kinds.IndexOf("drift"), Is.LessThan(kinds.IndexOf("relearn-requested")));
        Assert.That(LearnSetup.Message(h, "relearn-requested"), Does.Contain($"drift on {skab.Channels[0]}"));
    }
}
