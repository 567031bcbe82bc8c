using System.Security.Cryptography;
using EdgeAE.Device.Journal;
using EdgeAE.Device.Plant;
using EdgeAE.Device.Tests.Support;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Link;
using EdgeAE.Plant.Signing;
using EdgeAE.Plant.Sparkplug;
using EdgeAE.Plant.Sparkplug.Proto;

namespace EdgeAE.Device.Tests.Plant;

/// <summary>The plant link's parts on their own: seq wrap, topics, URLs, signatures, the outbox on a rotating journal, the backlog policy.</summary>
public class PlantPiecesTests
{
    private string dir = "";

    [SetUp] public void SetUp() => dir = TestPaths.TempDir("plant");
    [TearDown] public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void SeqRunsFromZeroAtTheBirthAndWrapsAfter255()
    {
        var node = new SparkplugEdgeNode("g", "n", "d");
        var sample = new TelemetrySample { Channels = ["a"], Contributions = [1f] };
        var seqs = new List<ulong> { Payload.Parser.ParseFrom(node.NodeBirth(7, "test", DateTimeOffset.UtcNow)).Seq };
        for (int i = 0; i < 300; i++) seqs.Add(Payload.Parser.ParseFrom(node.DeviceData(sample, DateTimeOffset.UtcNow, false)).Seq);
        Assert.That(seqs[0], Is.Zero);
        Assert.That(seqs[255], Is.EqualTo(255UL));
        Assert.That(seqs[256], Is.Zero);
        Assert.That(seqs.Zip(seqs.Skip(1)).All(p => SequenceCounter.Follows(p.First, p.Second)), Is.True);
        Assert.That(Payload.Parser.ParseFrom(node.NodeBirth(8, "test", DateTimeOffset.UtcNow)).Seq, Is.Zero, "a rebirth starts again at 0");
        var death = Payload.Parser.ParseFrom(SparkplugEdgeNode.Death(8, DateTimeOffset.UtcNow));
        Assert.That(death.HasSeq, Is.False);
        Assert.That(death.Metrics.Single().Name, Is.EqualTo("bdSeq"));
    }

    [TestCase("spBv1.0/plant/NBIRTH/pump-1", true, null)]
    [TestCase("spBv1.0/plant/DDATA/pump-1/detector", true, "detector")]
    [TestCase("spBv1.0/plant/DDATA/pump-1", false, null)]
    [TestCase("spBv1.0/plant/NBIRTH/pump-1/detector", false, null)]
    [TestCase("spAv1.0/plant/NBIRTH/pump-1", false, null)]
    [TestCase("spBv1.0/plant/STATUS/pump-1", false, null)]
    public void TopicsParseOnlyWhenWellFormed(string topic, bool ok, string? device)
    {
        Assert.That(SparkplugTopic.TryParse(topic, out var t), Is.EqualTo(ok));
        if (!ok) return;
        Assert.That(t.Device, Is.EqualTo(device));
        Assert.That(t.ToString(), Is.EqualTo(topic));
    }

    [TestCase("mqtt://broker", "broker", 1883, false)]
    [TestCase("mqtts://10.0.0.5", "10.0.0.5", 8883, true)]
    [TestCase("mqtts://broker:18883", "broker", 18883, true)]
    public void BrokerUrls(string url, string host, int port, bool tls) =>
        Assert.That(BrokerAddress.Parse(url), Is.EqualTo(new BrokerAddress(host, port, tls)));

    [Test]
    public void SignaturesBindTheBytesToATrustedKey()
    {
        BundleSigner.CreateKey(Path.Combine(dir, "a.key"), Path.Combine(dir, "a.pub"));
        BundleSigner.CreateKey(Path.Combine(dir, "b.key"), Path.Combine(dir, "b.pub"));
        using var a = BundleSigner.LoadKey(Path.Combine(dir, "a.key"));
        using var aPublic = BundleSigner.LoadKey(Path.Combine(dir, "a.pub"));
        using var bPublic = BundleSigner.LoadKey(Path.Combine(dir, "b.pub"));
        byte[] bundle = RandomNumberGenerator.GetBytes(5000);
        var sig = BundleSigner.Sign(bundle, a);
        Assert.That(BundleSigner.Verify(bundle, sig.Sha256, sig, [aPublic]), Is.Null);
        Assert.That(BundleSigner.Verify(bundle, sig.Sha256, sig, [bPublic]), Does.Contain("not by a trusted key"));
        var other = (byte[])bundle.Clone();
        other[100] ^= 0x40;
        Assert.That(BundleSigner.Verify(other, sig.Sha256, sig, [aPublic]), Does.Contain("SHA-256 mismatch"));
        var forged = new BundleSignature { Sha256 = sig.Sha256, KeyId = sig.KeyId, Signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) };
        Assert.That(BundleSigner.Verify(bundle, sig.Sha256, forged, [aPublic]), Does.Contain("not by a trusted key"));
        Assert.That(BundleSigner.Verify(bundle, sig.Sha256, null, [aPublic]), Does.Contain("unsigned"));
        string path = Path.Combine(dir, "x.sig");
        BundleSigner.WriteSignature(path, sig);
        Assert.That(BundleSigner.ReadSignature(path).Signature, Is.EqualTo(sig.Signature));
    }

    [Test]
    public void CommandsRoundTripThroughNcmd()
    {
        var deploy = new PlantCommand { Command = PlantCommand.DeployName, Id = "x", Sha256 = "ab", Index = 1, Count = 3 };
        var problems = new List<string>();
        var decoded = SparkplugCommandCodec.Decode(SparkplugCommandCodec.Encode(deploy, [1, 2, 3], DateTimeOffset.UtcNow), problems);
        Assert.That(problems, Is.Empty);
        Assert.That(decoded.Single().Command.Id, Is.EqualTo("x"));
        Assert.That(decoded.Single().Chunk, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(SparkplugCommandCodec.Decode(SparkplugCommandCodec.Encode(new PlantCommand { Command = "rebirth" }, [], DateTimeOffset.UtcNow), problems).Single().Command.Command, Is.EqualTo("rebirth"));
        Assert.That(SparkplugCommandCodec.Decode(SparkplugCommandCodec.Encode(new PlantCommand { Command = PlantCommand.RelearnName }, [], DateTimeOffset.UtcNow), problems).Single().Command.Command, Is.EqualTo("relearn"));
        Assert.That(problems, Is.Empty);
        SparkplugCommandCodec.Decode([0xff, 0xff, 0xff], problems);
        Assert.That(problems.Single(), Does.StartWith("not a Sparkplug B payload"));
    }

    [Test]
    public void TheOutboxReadsBackWhatOnlyReachedDiskAndRotationKeepsUnsentFiles()
    {
        string journalDir = Path.Combine(dir, "journal");
        using var journal = new EventJournal(journalDir, maxBytes: 4096, keep: 1, fsync: false);
        var outbox = new JournalOutbox(journal, new OutboxCursor(journalDir, journal.LastSeq, TimeProvider.System), new SemaphoreSlim(0));
        // 6000 events: more than the memory queue holds and many rotations past Keep = 1.
        for (int i = 0; i < 6000; i++) journal.Append(new JournalEntry { At = DateTime.UtcNow, Kind = "raised", Message = new string('x', 40) });
        Assert.That(JournalFiles.OldestFirst(journalDir), Has.Count.GreaterThan(2), "files with unsent events outlive Keep");
        var sent = new List<long>();
        while (outbox.TryPeek(out long seq, out _))
        {
            sent.Add(seq);
            outbox.Acknowledged(seq);
            if (seq == 3000) journal.Append(new JournalEntry { At = DateTime.UtcNow, Kind = "late" });   // arrives while draining
        }
        Assert.That(sent, Is.EqualTo(Enumerable.Range(1, 6001).Select(i => (long)i).ToList()), "every event once, in order");
        Assert.That(outbox.Pending, Is.Zero);
        journal.Append(new JournalEntry { At = DateTime.UtcNow, Kind = "raised", Message = new string('y', 4000) });   // forces a rotation
        Assert.That(JournalFiles.OldestFirst(journalDir), Has.Count.LessThanOrEqualTo(2), "with everything sent, rotation is back to Keep");
        outbox.Dispose();

        // A restart continues from the saved cursor.
        var again = new JournalOutbox(journal, new OutboxCursor(journalDir, 0, TimeProvider.System), new SemaphoreSlim(0));
        Assert.That(again.Cursor.Existed, Is.True);
        Assert.That(again.TryPeek(out long next, out _), Is.True);
        Assert.That(next, Is.EqualTo(6002));
        again.Dispose();
    }

    [Test]
    public void TheBacklogDropsOldestTelemetryAndNeverCountsEventsOut()
    {
        var backlog = new TelemetryBacklog(maxBytes: 4096);
        var samples = Enumerable.Range(0, 40).Select(i => new TelemetrySample { At = DateTime.UnixEpoch.AddSeconds(i), Channels = ["a", "b"] }).ToList();
        foreach (var s in samples) backlog.Add(s, pendingEventBytes: 1000);
        Assert.That(backlog.Bytes + 1000, Is.LessThanOrEqualTo(4096));
        Assert.That(backlog.Dropped, Is.EqualTo(40 - backlog.Count));
        Assert.That(backlog.TryPeek(out var oldest), Is.True);
        Assert.That(oldest.At, Is.EqualTo(samples[40 - backlog.Count].At), "the oldest were dropped first");
        backlog.Add(samples[0], pendingEventBytes: 10_000);
        Assert.That(backlog.Count, Is.Zero, "events over the bound push out all telemetry");
        Assert.That(backlog.EventsOverBound, Is.True);
    }
}
