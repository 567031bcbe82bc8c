using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Streaming;

public class WindowAssemblerTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Frame i of a 2-channel stream is (i, 100 + i), so window contents are self-describing.</summary>
    private static List<long> Ends(WindowAssembler a, int frames, List<float[]>? windows = null)
    {
        var ends = new List<long>();
        for (int i = 0; i < frames; i++)
        {
            if (a.Push(T0.AddSeconds(i), [i, 100 + i]) != PushResult.WindowReady) continue;
            ends.Add(a.WindowEndFrame);
            windows?.Add(a.CurrentWindow.ToArray());
        }
        return ends;
    }

    [Test]
    public void FirstWindowCompletesOnFrameW()
    {
        var a = new WindowAssembler(TestBundles.Manifest(4, 2));
        var windows = new List<float[]>();
        Assert.That(Ends(a, 3), Is.Empty);
        Assert.That(a.Push(T0.AddSeconds(3), [3, 103]), Is.EqualTo(PushResult.WindowReady));
        Assert.That(a.CurrentWindow.ToArray(), Is.EqualTo(new float[] { 0, 100, 1, 101, 2, 102, 3, 103 }));
        Assert.That(a.WindowStart, Is.EqualTo(T0));
        Assert.That(a.WindowEnd, Is.EqualTo(T0.AddSeconds(3)));
    }

    [TestCase(4, 1, 10, new long[] { 3, 4, 5, 6, 7, 8, 9 })]
    [TestCase(4, 2, 9, new long[] { 3, 5, 7 })]          // frame 8 is a partial tail: no window
    [TestCase(4, 4, 11, new long[] { 3, 7 })]
    [TestCase(2, 5, 13, new long[] { 1, 6, 11 })]        // hop > window: frames between windows are skipped
    [TestCase(1, 1, 3, new long[] { 0, 1, 2 })]
    [TestCase(5, 1, 4, new long[0])]                     // fewer frames than one window
    public void WindowsEndEveryHopAfterTheFirst(int window, int hop, int frames, long[] expectedEnds)
    {
        var a = new WindowAssembler(TestBundles.Manifest(window, 2, hop));
        Assert.That(Ends(a, frames), Is.EqualTo(expectedEnds));
        Assert.That(WindowExtractor.ExpectedWindows(frames, window, hop), Is.EqualTo(expectedEnds.Length));
    }

    [Test]
    public void WindowIsAlwaysTheLastWFramesAcrossRingWraps()
    {
        var a = new WindowAssembler(TestBundles.Manifest(3, 2));
        var windows = new List<float[]>();
        var ends = Ends(a, 50, windows);
        for (int w = 0; w < ends.Count; w++)
        {
            long e = ends[w];
            var expected = new float[] { e - 2, 100 + e - 2, e - 1, 100 + e - 1, e, 100 + e };
            Assert.That(windows[w], Is.EqualTo(expected), $"window ending at {e}");
        }
    }

    [Test]
    public void NcwLayoutTransposesAndNormalizationApplies()
    {
        var m = TestBundles.Manifest(3, 2, layout: TensorLayout.Ncw);
        m.Normalization = new NormalizationSpec { Kind = NormalizationKind.ZScore, Offset = [1, 100], Scale = [2, 4] };
        var a = new WindowAssembler(m);
        Ends(a, 3);
        var dst = new float[6];
        a.CopyWindowTo(dst);
        // channel 0: (0,1,2) → (−0.5, 0, 0.5); channel 1: (100,101,102) → (0, 0.25, 0.5)
        Assert.That(dst, Is.EqualTo(new[] { -0.5f, 0f, 0.5f, 0f, 0.25f, 0.5f }));
        var back = new float[6];
        WindowLayout.FromModel(dst, back, TensorLayout.Ncw, 3, 2);
        Assert.That(back, Is.EqualTo(a.CurrentWindow.ToArray()));
    }

    [Test]
    public void RejectPolicyDropsBadFramesAndCountsThem()
    {
        var a = new WindowAssembler(TestBundles.Manifest(2, 2), BadSamplePolicy.Reject);
        Assert.That(a.Push(T0, [1, 2]), Is.EqualTo(PushResult.Accepted));
        Assert.That(a.Push(T0, [float.NaN, 2]), Is.EqualTo(PushResult.RejectedNonFinite));
        Assert.That(a.Push(T0, [float.PositiveInfinity, 2]), Is.EqualTo(PushResult.RejectedNonFinite));
        Assert.That(a.Push(T0, [1, 2, 3]), Is.EqualTo(PushResult.RejectedChannelCount));
        Assert.That(a.Push(T0, [3, 4]), Is.EqualTo(PushResult.WindowReady));
        Assert.That(a.CurrentWindow.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        Assert.That(a.FramesRejected, Is.EqualTo(3));
        Assert.That(a.FramesAccepted, Is.EqualTo(2));
    }

    [Test]
    public void HoldLastRepairsValuesButNeverInventsAFirstValue()
    {
        var a = new WindowAssembler(TestBundles.Manifest(3, 2), BadSamplePolicy.HoldLast);
        Assert.That(a.Push(T0, [float.NaN, 1]), Is.EqualTo(PushResult.RejectedNonFinite), "nothing to hold yet");
        a.Push(T0, [5, 6]);
        a.Push(T0, [float.NaN, 7]);
        Assert.That(a.Push(T0, [8, float.NegativeInfinity]), Is.EqualTo(PushResult.WindowReady));
        Assert.That(a.CurrentWindow.ToArray(), Is.EqualTo(new float[] { 5, 6, 5, 7, 8, 7 }));
        Assert.That(a.ValuesRepaired, Is.EqualTo(2));
        Assert.That(a.FramesRejected, Is.EqualTo(1));
    }

    [Test]
    public void ExtractorMatchesTheAssembler()
    {
        var m = TestBundles.Manifest(4, 2, hop: 3);
        var values = Enumerable.Range(0, 20).SelectMany(i => new float[] { i, 100 + i }).ToArray();
        var table = new EdgeAE.Runtime.Data.SensorTable(m.Channels, values);
        var (windows, ends) = WindowExtractor.Extract(table, m);
        Assert.That(ends, Is.EqualTo(new[] { 3, 6, 9, 12, 15, 18 }));
        Assert.That(windows.AsSpan(8, 8).ToArray(), Is.EqualTo(new float[] { 3, 103, 4, 104, 5, 105, 6, 106 }));
        var (dense, denseEnds) = WindowExtractor.Extract(table, m, hop: 1);
        Assert.That(denseEnds, Has.Length.EqualTo(17));
        Assert.That(dense, Has.Length.EqualTo(17 * 8));
    }
}
