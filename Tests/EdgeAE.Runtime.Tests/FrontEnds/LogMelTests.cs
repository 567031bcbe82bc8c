using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.FrontEnds;

namespace EdgeAE.Runtime.Tests.FrontEnds;

/// <summary>
/// The logmel front end against the published Slaney/librosa definitions, written out here
/// independently (double precision, a direct DFT), and against closed forms.
/// </summary>
public class LogMelTests
{
    // Slaney's Auditory Toolbox mel scale, as librosa documents it: 3 mel per 200 Hz below 1 kHz, then 27 mel per ln 6.4.
    private static double Mel(double hz) => hz < 1000 ? 3 * hz / 200 : 15 + 27 * Math.Log(hz / 1000) / Math.Log(6.4);
    private static double Hz(double mel) => mel < 15 ? 200 * mel / 3 : 1000 * Math.Pow(6.4, (mel - 15) / 27);

    [Test]
    public void SlaneyEdgesAreEquallySpacedInMelFromFminToFmax()
    {
        var bank = MelFilterBank.Create(16000, 1024, 128, 0, 8000);
        Assert.That(bank.EdgesHz, Has.Length.EqualTo(130));
        Assert.That(MelFilterBank.HzToMel(1000), Is.EqualTo(15).Within(1e-12));
        Assert.That(MelFilterBank.HzToMel(8000), Is.EqualTo(Mel(8000)).Within(1e-9));
        double step = Mel(8000) / 129;
        for (int i = 0; i < 130; i++)
            Assert.That(bank.EdgesHz[i], Is.EqualTo(Hz(i * step)).Within(1e-6 * Math.Max(1, bank.EdgesHz[i])), $"edge {i}");
    }

    [Test]
    public void SlaneyFiltersAreUnitAreaTrianglesBetweenTheirEdges()
    {
        var bank = MelFilterBank.Create(16000, 1024, 128, 0, 8000);
        double df = 16000.0 / 1024;
        for (int m = 0; m < 128; m++)
        {
            double lo = bank.EdgesHz[m], peak = bank.EdgesHz[m + 1], hi = bank.EdgesHz[m + 2];
            double height = 2 / (hi - lo);
            var w = bank.Weights[m];
            for (int j = 0; j < w.Length; j++)
            {
                double f = (bank.Start[m] + j) * df;
                double expected = Math.Max(0, Math.Min((f - lo) / (peak - lo), (hi - f) / (hi - peak))) * height;
                Assert.That(w[j], Is.EqualTo(expected).Within(1e-6 * height), $"filter {m} bin {bank.Start[m] + j}");
                Assert.That(f, Is.GreaterThan(lo).And.LessThan(hi), "non-zero only strictly inside the edges");
            }
            // Area (Σ w·Δf) is 1 for a triangle sampled finely enough: the filters above ~1.5 kHz span ≥ 8 bins.
            if ((hi - lo) / df >= 8)
                Assert.That(w.Sum(v => (double)v) * df, Is.EqualTo(1.0).Within(0.03), $"filter {m} area");
        }
    }

    [Test]
    public void APureToneLandsInItsFftBinAndMelBand()
    {
        // 2,000 Hz at 16 kHz with n_fft 1024 is bin 128 exactly; the mel band is the filter peaking nearest 2 kHz.
        var spec = FrontEndSpecs.Dcase(frames: 1);
        var fe = (LogMelFrontEnd)FrontEnd.Create(spec, 1024, 1);
        var x = Enumerable.Range(0, 1024).Select(t => (float)(0.5 * Math.Sin(2 * Math.PI * 2000 * t / 16000))).ToArray();
        var mel = new float[128];
        fe.Transform(x, mel);
        int band = Array.IndexOf(mel, mel.Max());
        int nearest = Enumerable.Range(0, 128).MinBy(m => Math.Abs(fe.Filters.EdgesHz[m + 1] - 2000));
        Assert.That(band, Is.EqualTo(nearest));
        double df = 16000.0 / 1024;
        Assert.That(fe.Filters.EdgesHz[band], Is.LessThan(2000));
        Assert.That(fe.Filters.EdgesHz[band + 2], Is.GreaterThan(2000));
        // Closed form: Hann on-bin tone of amplitude A gives |X| = A·N/4 at the bin and A·N/8 beside it.
        double a = 0.5, n = 1024, center = a * n / 4, side = a * n / 8;
        int k0 = 128;
        var w = fe.Filters.Weights[band];
        double Weight(int k) => k - fe.Filters.Start[band] is int j && j >= 0 && j < w.Length ? w[j] : 0;
        double expected = Weight(k0) * center * center + (Weight(k0 - 1) + Weight(k0 + 1)) * side * side;
        Assert.That(mel[band], Is.EqualTo(10 * Math.Log10(expected)).Within(2e-3));
        _ = df;
    }

    [Test]
    public void SilenceIsTenLog10OfEpsilon()
    {
        var fe = FrontEnd.Create(FrontEndSpecs.Dcase(), 3072, 1);
        var output = new float[fe.OutputValues];
        fe.Transform(new float[3072], output);
        Assert.That(output, Has.Length.EqualTo(640));
        Assert.That(output, Is.All.EqualTo((float)(10 * Math.Log10(FrontEndSpec.DcaseEpsilon))).Within(1e-3));
    }

    [Test]
    public void MatchesADirectDoublePrecisionLibrosaComputation()
    {
        // librosa: S = |STFT(hann, unscaled)|², mel = filters.mel(norm='slaney') · S, 20/2·log10(mel + ε); frames stacked.
        var spec = FrontEndSpecs.Dcase();
        var rng = new Random(3);
        var x = Enumerable.Range(0, 3072).Select(t => (float)(0.3 * Math.Sin(t * 0.07) + 0.1 * Math.Sin(t * 1.3) + 0.05 * (rng.NextDouble() - 0.5))).ToArray();
        var fe = FrontEnd.Create(spec, 3072, 1);
        var output = new float[640];
        fe.Transform(x, output);

        double step = Mel(8000) / 129;
        var edges = Enumerable.Range(0, 130).Select(i => Hz(i * step)).ToArray();
        for (int t = 0; t < 5; t++)
        {
            var power = new double[513];
            for (int k = 0; k <= 512; k++)
            {
                double re = 0, im = 0;
                for (int i = 0; i < 1024; i++)
                {
                    double v = x[t * 512 + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / 1024));
                    re += v * Math.Cos(2 * Math.PI * k * i / 1024);
                    im -= v * Math.Sin(2 * Math.PI * k * i / 1024);
                }
                power[k] = re * re + im * im;
            }
            for (int m = 0; m < 128; m++)
            {
                double sum = 0;
                for (int k = 0; k <= 512; k++)
                {
                    double f = k * 16000.0 / 1024;
                    double tri = Math.Max(0, Math.Min((f - edges[m]) / (edges[m + 1] - edges[m]), (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])));
                    sum += tri * 2 / (edges[m + 2] - edges[m]) * power[k];
                }
                double expected = 10 * Math.Log10(sum + FrontEndSpec.DcaseEpsilon);
                Assert.That(output[t * 128 + m], Is.EqualTo(expected).Within(2e-3), $"frame {t} mel {m}");
            }
        }
    }

    [Test]
    public void StackedFramesAreTheSingleFramesOfTheirSegments()
    {
        // Frame t of a 5-frame window is the 1-frame front end on samples [512 t, 512 t + 1024).
        var rng = new Random(5);
        var x = Enumerable.Range(0, 3072).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var five = FrontEnd.Create(FrontEndSpecs.Dcase(), 3072, 1);
        var one = FrontEnd.Create(FrontEndSpecs.Dcase(frames: 1), 1024, 1);
        var stacked = new float[640];
        five.Transform(x, stacked);
        var single = new float[128];
        for (int t = 0; t < 5; t++)
        {
            one.Transform(x.AsSpan(t * 512, 1024), single);
            Assert.That(stacked.AsSpan(t * 128, 128).ToArray(), Is.EqualTo(single), $"frame {t}");
        }
    }

    /// <summary>
    /// On a stream the front end takes the frames a window shares with the previous one instead of computing them
    /// again: every window's features must still equal a fresh front end's, bit for bit, at any window hop
    /// (1 or 2 frame hops share 4 or 3 frames; 300 samples shares none), for two channels, after a gap, and
    /// when the same window comes twice (nothing is shifted then: the frames are computed again).
    /// </summary>
    [TestCase(512, 1, 4)]
    [TestCase(1024, 2, 3)]
    [TestCase(300, 2, 0)]
    public void AStreamReusesTheFramesWindowsShareAndGivesTheFeaturesOfAFreshFrontEnd(int windowHop, int channels, int sharedPerWindow)
    {
        var spec = FrontEndSpecs.Dcase();
        int window = spec.NaturalWindow, windows = 12;
        var rng = new Random(7);
        var x = new float[(windowHop * windows + 2 * window) * channels];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(Math.Sin(i * 0.013) + 0.1 * (rng.NextDouble() - 0.5));
        var stream = (LogMelFrontEnd)FrontEnd.Create(spec, window, channels);
        var streamed = new float[stream.OutputValues];
        var fresh = new float[stream.OutputValues];
        int last = (windows - 1) * windowHop;
        int[] starts = [.. Enumerable.Range(0, windows).Select(w => w * windowHop), last + window, last + window];   // then a gap, then one window twice
        foreach (int start in starts)
        {
            var samples = x.AsSpan(start * channels, window * channels);
            stream.Transform(samples, streamed);
            FrontEnd.Create(spec, window, channels).Transform(samples, fresh);
            Assert.That(streamed, Is.EqualTo(fresh), $"window at sample {start}");
        }
        Assert.That(stream.ReusedFrames, Is.EqualTo((long)sharedPerWindow * (windows - 1) * channels), "frames taken from the previous window");
    }
}
