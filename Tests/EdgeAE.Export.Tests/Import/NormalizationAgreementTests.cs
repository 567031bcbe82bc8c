using System.Globalization;
using EdgeAE.Export.Tests.Evaluation;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Tests.Import;

/// <summary>
/// `train` and `convert --fit` fit normalization through the same code: on a channel sitting at 10⁶
/// with noise of std ~3 (where a one-pass Σx² − n·mean² variance in double is off in the fourth digit),
/// both write exactly the offset and scale that a two-pass fit in double computes in the test.
/// </summary>
public class NormalizationAgreementTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-normfit-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public void TrainAndConvertFitScaleALargeOffsetTheSameExactWay()
    {
        const int rows = 600;
        var rng = new Random(7);
        var a = new float[rows];
        var b = new float[rows];
        var lines = new List<string> { "time,a,b" };
        for (int r = 0; r < rows; r++)
        {
            a[r] = (float)(1e6 + 10 * (rng.NextDouble() - 0.5));
            b[r] = (float)(Math.Sin(r * 0.2) + 0.1 * rng.NextDouble());
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{r},{a[r]:R},{b[r]:R}"));
        }
        string csv = Path.Combine(dir, "level.csv");
        File.WriteAllLines(csv, lines);

        string trained = Path.Combine(dir, "trained.onnx");
        var (code, _, err) = CliRunner.Run("train", "--data", csv, "--arch", "dense", "--window", "4", "--hidden", "4", "--latent", "2",
            "--epochs", "1", "--val-split", "0", "--seed", "1", "--stage", "none", "-o", trained);   // raw rows, as convert --fit sees them
        Assert.That(code, Is.EqualTo(0), err);
        string converted = Path.Combine(dir, "converted.onnx");
        (code, _, err) = CliRunner.Run("convert", trained, "--window", "4", "--channels", "2", "--layout", "flat",
            "--normalize", "zscore", "--fit", csv, "-o", converted);
        Assert.That(code, Is.EqualTo(0), err);

        NormalizationSpec fromTrain, fromConvert;
        using (var bundle = Bundle.Load(trained)) fromTrain = bundle.Manifest.Normalization;
        using (var bundle = Bundle.Load(converted)) fromConvert = bundle.Manifest.Normalization;

        float[] mean = [(float)TwoPassMean(a), (float)TwoPassMean(b)];
        float[] std = [(float)TwoPassStd(a), (float)TwoPassStd(b)];
        Assert.That(fromTrain.Kind, Is.EqualTo(NormalizationKind.ZScore));
        Assert.That(fromTrain.Offset, Is.EqualTo(mean));
        Assert.That(fromTrain.Scale, Is.EqualTo(std), "the noise's std survives the 10⁶ level");
        Assert.That(fromConvert.Offset, Is.EqualTo(fromTrain.Offset), "convert --fit and train: the same offsets");
        Assert.That(fromConvert.Scale, Is.EqualTo(fromTrain.Scale), "convert --fit and train: the same scales");
    }

    private static double TwoPassMean(float[] x) => x.Sum(v => (double)v) / x.Length;

    private static double TwoPassStd(float[] x)
    {
        double mean = TwoPassMean(x);
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
    }
}
