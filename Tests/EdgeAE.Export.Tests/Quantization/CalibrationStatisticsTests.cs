using EdgeAE.Quantization;
using EdgeAE.Quantization.Calibration;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Tests.Quantization;

public class CalibrationStatisticsTests
{
    private static float[] Gaussian(int n, int seed, double sigma = 1)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
            v[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return v;
    }

    private static TensorRange Estimate(CalibrationMethod method, float[] data, double percentile = 99.99, bool movingAverage = false, int batch = 1000)
    {
        var e = new RangeEstimator("t", method, percentile, movingAverage);
        for (int i = 0; i < data.Length; i += batch) e.AddFirstPass(data.AsSpan(i, Math.Min(batch, data.Length - i)));
        if (e.NeedsSecondPass)
            for (int i = 0; i < data.Length; i += batch) e.AddSecondPass(data.AsSpan(i, Math.Min(batch, data.Length - i)));
        return e.Range();
    }

    [Test]
    public void MinMaxIsTheObservedRangeWidenedToZero()
    {
        var r = Estimate(CalibrationMethod.MinMax, [2f, 3f, 5f, 4f]);
        Assert.That(r, Is.EqualTo(new TensorRange(0f, 5f)));
        r = Estimate(CalibrationMethod.MinMax, [-2f, 3f, -7f, 1f]);
        Assert.That(r, Is.EqualTo(new TensorRange(-7f, 3f)));
    }

    [Test]
    public void MovingAverageDampsOneFreakBatch()
    {
        var data = Gaussian(100_000, 1);
        data[50_500] = 100f;
        var global = Estimate(CalibrationMethod.MinMax, data);
        var averaged = Estimate(CalibrationMethod.MinMax, data, movingAverage: true);
        Assert.That(global.Max, Is.EqualTo(100f));
        Assert.That(averaged.Max, Is.LessThan(6f).And.GreaterThan(2.5f));
    }

    [Test]
    public void HistogramQuantileOfAUniformRampIsLinear()
    {
        var h = new Histogram(0, 1, 1000);
        var values = Enumerable.Range(0, 100_000).Select(i => (i + 0.5f) / 100_000).ToArray();
        h.Add(values);
        Assert.That(h.Quantile(0.25), Is.EqualTo(0.25).Within(2e-3));
        Assert.That(h.Quantile(0.9), Is.EqualTo(0.9).Within(2e-3));
        Assert.That(h.Quantile(1), Is.EqualTo(1).Within(2e-3));
    }

    [Test]
    public void PercentileClipsBothTailsOfAGaussian()
    {
        var r = Estimate(CalibrationMethod.Percentile, Gaussian(400_000, 2), percentile: 99);
        // The 1st and 99th percentiles of N(0,1) are ∓2.326.
        Assert.That(r.Max, Is.EqualTo(2.326).Within(0.05));
        Assert.That(r.Min, Is.EqualTo(-2.326).Within(0.05));
    }

    [Test]
    public void EntropyClipsFarOutliersButKeepsTheBulk()
    {
        var data = Gaussian(200_000, 3);
        for (int i = 0; i < 20; i++) data[i * 1000] = 40f + i;
        var r = Estimate(CalibrationMethod.Entropy, data);
        Assert.That(r.Max, Is.LessThan(15f), "the threshold ignores 20 outliers at 40–60");
        Assert.That(r.Max, Is.GreaterThan(2.5f), "but keeps the Gaussian's bulk");
        Assert.That(r.Min, Is.EqualTo(-r.Max).Within(1e-3).Or.EqualTo(data.Min()), "symmetric for a two-sided tensor");
    }

    [Test]
    public void EntropyKeepsNearlyAllOfAUniformOneSidedRange()
    {
        var rng = new Random(4);
        var data = Enumerable.Range(0, 200_000).Select(_ => (float)rng.NextDouble() * 6).ToArray();
        var r = Estimate(CalibrationMethod.Entropy, data);
        Assert.That(r.Min, Is.EqualTo(0f));
        Assert.That(r.Max, Is.GreaterThan(5.5f).And.LessThanOrEqualTo(6.01f));
    }

    [Test]
    public void EntropyThresholdOnAHistogramWithAGap()
    {
        // Mass in the first 300 bins, one outlier bin far out: the search must stop near 300.
        var counts = new long[2048];
        for (int i = 0; i < 300; i++) counts[i] = 1000 - i;
        counts[2000] = 3;
        int bins = EntropyThreshold.FindBins(counts, 128);
        Assert.That(bins, Is.InRange(250, 400));
    }

    [Test]
    public void NonFiniteCalibrationValuesAreRejected()
    {
        var s = new MinMaxStatistics();
        Assert.Throws<InputException>(() => s.Add([1f, float.NaN], "x"));
    }

    [Test]
    public void AsymmetricParametersPutZeroOnAGridPoint()
    {
        var p = QuantParams.Asymmetric(new TensorRange(-1f, 3f), ActivationType.UInt8);
        Assert.That(p.Scale, Is.EqualTo(4f / 255).Within(1e-7));
        Assert.That(p.ZeroPoint, Is.EqualTo(64));
        var relu = QuantParams.Asymmetric(new TensorRange(0f, 5f), ActivationType.Int8);
        Assert.That(relu.ZeroPoint, Is.EqualTo(-128), "a one-sided range saturates exactly at zero (folded ReLU)");
        var positive = QuantParams.Asymmetric(new TensorRange(2f, 5f), ActivationType.UInt8);
        Assert.That(positive.ZeroPoint, Is.EqualTo(0), "ranges are widened to contain zero");
    }

    [Test]
    public void SymmetricWeightsUseMinus127To127()
    {
        float s = QuantParams.SymmetricScale(2.54f);
        Assert.That(QuantParams.QuantizeWeight(2.54f, s), Is.EqualTo(127));
        Assert.That(QuantParams.QuantizeWeight(-2.54f, s), Is.EqualTo(-127));
        Assert.That(QuantParams.QuantizeWeight(-9f, s), Is.EqualTo(-127));
        Assert.That(QuantParams.QuantizeWeight(0.01f, s), Is.EqualTo(0));
    }
}
