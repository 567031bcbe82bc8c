using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.FrontEnds;

namespace EdgeAE.Runtime.Tests.FrontEnds;

/// <summary>The spectrum front end against closed forms: a tone's bin, Parseval, white noise, band edges.</summary>
public class SpectrumTests
{
    private static float[] Transform(FrontEndSpec spec, float[] samples, int channels = 1)
    {
        var fe = FrontEnd.Create(spec, samples.Length / channels, channels);
        var output = new float[fe.OutputValues];
        fe.Transform(samples, output);
        return output;
    }

    private static float[] Tone(int n, double sampleRate, double hz, double amplitude, double phase = 0.3) =>
        Enumerable.Range(0, n).Select(t => (float)(amplitude * Math.Sin(2 * Math.PI * hz * t / sampleRate + phase))).ToArray();

    [Test]
    public void FftMatchesTheDefiningSumInDouble()
    {
        var rng = new Random(4);
        foreach (int n in new[] { 4, 8, 16, 64, 1024 })
        {
            var x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            var fft = new RealFft(n);
            var re = new float[fft.Bins];
            var im = new float[fft.Bins];
            fft.Forward(x, re, im);
            for (int k = 0; k <= n / 2; k++)
            {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++)
                {
                    sr += x[t] * Math.Cos(2 * Math.PI * k * t / n);
                    si -= x[t] * Math.Sin(2 * Math.PI * k * t / n);
                }
                Assert.That(re[k], Is.EqualTo(sr).Within(2e-5 * n), $"n {n} bin {k} real");
                Assert.That(im[k], Is.EqualTo(si).Within(2e-5 * n), $"n {n} bin {k} imaginary");
            }
        }
    }

    [TestCase(WindowFunction.Rectangular)]
    [TestCase(WindowFunction.Hann)]
    [TestCase(WindowFunction.Hamming)]
    [TestCase(WindowFunction.Blackman)]
    public void APureToneOnABinLandsInThatBinWithPowerASquaredOverTwo(WindowFunction taper)
    {
        // 3,200 Hz sampling (an ADXL345 in FIFO stream mode), n_fft 256: bins 12.5 Hz apart; a 2 g tone at bin 40 = 500 Hz.
        var spec = FrontEndSpecs.Spectrum(3200, 256, 256, taper: taper);
        var p = Transform(spec, Tone(256, 3200, 500, 2.0));
        Assert.That(p, Has.Length.EqualTo(129));
        int peak = Array.IndexOf(p, p.Max());
        Assert.That(peak, Is.EqualTo(40));
        // Under any taper the tone's bins sum to its mean square, A²/2 = 2.
        Assert.That(p.Sum(), Is.EqualTo(2.0).Within(1e-4));
        if (taper == WindowFunction.Rectangular)
        {
            Assert.That(p[40], Is.EqualTo(2.0).Within(1e-4), "rectangular: all of it in the one bin");
            Assert.That(p.Where((_, k) => k != 40).Max(), Is.LessThan(1e-8));
        }
    }

    [Test]
    public void ParsevalTheBinsSumToTheMeanSquare()
    {
        var rng = new Random(7);
        var x = Enumerable.Range(0, 512).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        var p = Transform(FrontEndSpecs.Spectrum(1000, 512, 512), x);
        double meanSquare = x.Sum(v => (double)v * v) / x.Length;
        Assert.That(p.Sum(v => (double)v), Is.EqualTo(meanSquare).Within(1e-5 * meanSquare));
    }

    [Test]
    public void WhiteNoiseHasAFlatSpectrumAtTwoSigmaSquaredOverN()
    {
        // Welch: 255 half-overlapping Hann segments of 256 samples, 16 linear bands of 8 bins.
        var rng = new Random(11);
        int n = 256, hop = 128, segments = 255, window = n + (segments - 1) * hop;
        double sigma = 0.5;
        var x = new float[window];
        for (int i = 0; i < window; i++)
            x[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var bins = Transform(FrontEndSpecs.Spectrum(1024, n, hop, taper: WindowFunction.Hann), x);
        Assert.That(bins.Sum(), Is.EqualTo(sigma * sigma).Within(0.05 * sigma * sigma), "the total is the variance");
        var bands = Transform(FrontEndSpecs.Spectrum(1024, n, hop, SpectrumBands.Linear, WindowFunction.Hann, bandCount: 16, fmin: 4, fmax: 508), x);
        Assert.That(bands, Has.Length.EqualTo(16));
        double expected = 2 * sigma * sigma / n * 8;   // eight bins of 2σ²/N each (one-sided)
        foreach (float b in bands) Assert.That(b, Is.EqualTo(expected).Within(0.15 * expected));
    }

    [Test]
    public void ThirdOctaveBandsFollowIec61260AndHoldTheirTones()
    {
        var spec = FrontEndSpecs.Spectrum(16000, 4096, 4096, SpectrumBands.Octave, WindowFunction.Hann, fraction: 3, fmin: 100, fmax: 5100);
        var table = SpectrumBandTable.Create(spec);
        // Mid-band frequencies 1000·10^(0.1·x) from 100 Hz (x = −10) to 5,012 Hz (x = 7).
        Assert.That(table.Count, Is.EqualTo(18));
        int oneK = 10;
        Assert.That(Math.Sqrt(table.Lower[oneK] * table.Upper[oneK]), Is.EqualTo(1000).Within(1e-9));
        Assert.That(table.Lower[oneK], Is.EqualTo(1000 * Math.Pow(10, -0.05)).Within(1e-9));
        Assert.That(table.Upper[oneK], Is.EqualTo(1000 * Math.Pow(10, 0.05)).Within(1e-9));
        for (int b = 1; b < table.Count; b++)
            Assert.That(table.Lower[b], Is.EqualTo(table.Upper[b - 1]).Within(1e-9), "bands are contiguous");

        var p = Transform(spec, Tone(4096, 16000, 1000, 1.0));
        Assert.That(Array.IndexOf(p, p.Max()), Is.EqualTo(oneK), "a 1 kHz tone lands in the 1 kHz band");
        Assert.That(p[oneK], Is.EqualTo(0.5).Within(0.005), "with its whole mean square");
    }

    [Test]
    public void MagnitudeAndLogFollowTwentyOverPowerLog10()
    {
        var x = Tone(256, 3200, 500, 2.0);
        var power = Transform(FrontEndSpecs.Spectrum(3200, 256, 256), x);
        var magnitudeDb = Transform(FrontEndSpecs.Spectrum(3200, 256, 256, power: 1, log: true), x);
        var powerDb = Transform(FrontEndSpecs.Spectrum(3200, 256, 256, log: true), x);
        Assert.That(magnitudeDb[40], Is.EqualTo(20 * Math.Log10(Math.Sqrt(power[40]) + FrontEndSpec.DcaseEpsilon)).Within(1e-4));
        Assert.That(powerDb[40], Is.EqualTo(10 * Math.Log10(power[40] + FrontEndSpec.DcaseEpsilon)).Within(1e-4));
        Assert.That(powerDb[40], Is.EqualTo(10 * Math.Log10(2.0)).Within(1e-3));
    }

    [Test]
    public void EveryChannelGetsItsOwnSpectrumChannelFastest()
    {
        // Three channels: tones at bins 10, 20, 30; the output is [bin][channel].
        int n = 128;
        var x = new float[n * 3];
        for (int t = 0; t < n; t++)
            for (int c = 0; c < 3; c++)
                x[t * 3 + c] = (float)Math.Cos(2 * Math.PI * 10 * (c + 1) * t / n);
        var p = Transform(FrontEndSpecs.Spectrum(n, n, n), x, channels: 3);
        Assert.That(p, Has.Length.EqualTo(65 * 3));
        for (int c = 0; c < 3; c++)
        {
            var channel = Enumerable.Range(0, 65).Select(k => p[k * 3 + c]).ToArray();
            Assert.That(Array.IndexOf(channel, channel.Max()), Is.EqualTo(10 * (c + 1)));
        }
    }

    [Test]
    public void UnaveragedSegmentsAreRowsInTime()
    {
        // A tone that changes from bin 8 to bin 16 halfway: the first rows peak at 8, the last at 16.
        int n = 64, hop = 64, window = 4 * n;
        var x = Enumerable.Range(0, window).Select(t => (float)Math.Sin(2 * Math.PI * (t < window / 2 ? 8 : 16) * t / n)).ToArray();
        var spec = FrontEndSpecs.Spectrum(n, n, hop, average: false);
        var p = Transform(spec, x);
        Assert.That(spec.Rows(window), Is.EqualTo(4));
        Assert.That(p, Has.Length.EqualTo(4 * 33));
        int Peak(int row) => Array.IndexOf(p, p.Skip(row * 33).Take(33).Max(), row * 33) - row * 33;
        Assert.That(new[] { Peak(0), Peak(1), Peak(2), Peak(3) }, Is.EqualTo(new[] { 8, 8, 16, 16 }));
    }
}
