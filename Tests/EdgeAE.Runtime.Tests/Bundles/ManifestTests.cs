using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.Bundles;

public class ManifestTests
{
    private static BundleManifest Full()
    {
        var m = TestBundles.Manifest(window: 4, channels: 3, hop: 2, layout: TensorLayout.Nwc);
        m.Normalization = new NormalizationSpec { Kind = NormalizationKind.ZScore, Offset = [1, 2, 3], Scale = [0.5f, 1, 2] };
        m.Score = new ScoreSpec { Metric = ErrorMetric.Mae, Reduction = ScoreReduction.ChannelSum, SmoothingAlpha = 0.5 };
        m.Thresholds = new ThresholdSpec
        {
            Warning = 0.8,
            Alarm = 1.2,
            RaiseAfter = 3,
            ClearAfter = 5,
            Calibration = new CalibrationRecord { Method = "quantile", Parameters = { ["q"] = 0.999 }, NormalQuantiles = { ["p99"] = 0.7 }, Windows = 100 },
        };
        m.Provenance = new Provenance
        {
            SourceSha256 = new string('a', 64),
            Precision = Precision.Int8,
            GraphSha256 = new string('b', 64),
            ToolVersion = "0.1.0",
            CreatedUtc = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc),
            Source = "test",
            Quantization = new QuantizationRecord { Method = "entropy", Percentile = 99.99, Excluded = ["Sigmoid"], CalibrationWindows = 10 },
        };
        return m;
    }

    [Test]
    public void RoundTripPreservesEveryField()
    {
        var m = Full();
        string json = ManifestJson.Serialize(m);
        var back = ManifestJson.Parse(json);
        Assert.That(ManifestJson.Serialize(back), Is.EqualTo(json));
        Assert.That(back.Layout, Is.EqualTo(TensorLayout.Nwc));
        Assert.That(back.Thresholds!.Calibration!.Parameters["q"], Is.EqualTo(0.999));
        Assert.That(back.Provenance.Quantization!.Excluded, Is.EqualTo(new[] { "Sigmoid" }));
        Assert.That(json, Does.Contain("\"layout\":\"nwc\"").And.Contain("\"graph_sha256\"").And.Contain("\"metric\":\"mae\""));
        Assert.DoesNotThrow(() => ManifestValidator.ValidateFields(back));
    }

    public static IEnumerable<TestCaseData> BadFields()
    {
        yield return Case("schema", m => m.Schema = 99);
        yield return Case("input_name", m => m.InputName = "");
        yield return Case("output_name", m => m.OutputName = " ");
        yield return Case("window", m => m.Window = 0);
        yield return Case("hop", m => m.Hop = 0);
        yield return Case("channels", m => m.Channels = []);
        yield return Case("channels[1]", m => m.Channels = ["a", "a", "b"]);
        yield return Case("channels[2]", m => m.Channels = ["a", "b", ""]);
        yield return Case("normalization.offset", m => m.Normalization.Offset = [1, 2]);
        yield return Case("normalization.scale", m => m.Normalization.Scale = [1, 2]);
        yield return Case("normalization.scale[1]", m => m.Normalization.Scale = [1, 0, 1]);
        yield return Case("normalization.offset[0]", m => m.Normalization.Offset = [float.NaN, 0, 0]);
        yield return Case("normalization.offset", m => m.Normalization = new NormalizationSpec { Kind = NormalizationKind.None, Offset = [1, 2, 3] });
        yield return Case("score.smoothing_alpha", m => m.Score.SmoothingAlpha = 0);
        yield return Case("score.metric", m => m.Score.Metric = (ErrorMetric)7);
        yield return Case("thresholds.warning", m => m.Thresholds!.Warning = 2);
        yield return Case("thresholds.alarm", m => m.Thresholds!.Alarm = double.NaN);
        yield return Case("thresholds.raise_after", m => m.Thresholds!.RaiseAfter = 0);
        yield return Case("thresholds.clear_after", m => m.Thresholds!.ClearAfter = -1);
        yield return Case("provenance.graph_sha256", m => m.Provenance.GraphSha256 = "xyz");
        yield return Case("layout", m => m.Layout = (TensorLayout)9);
    }

    private static TestCaseData Case(string field, Action<BundleManifest> breakIt) =>
        new TestCaseData(field, breakIt).SetName($"Validation names {field}");

    [TestCaseSource(nameof(BadFields))]
    public void EveryBadFieldIsNamed(string field, Action<BundleManifest> breakIt)
    {
        var m = Full();
        breakIt(m);
        var e = Assert.Throws<BundleException>(() => ManifestValidator.ValidateFields(m));
        Assert.That(e!.Field, Is.EqualTo(field), e.Message);
    }

    [TestCase("{\"schema\":1,\"window\":\"ten\"}", "manifest.window")]
    [TestCase("{\"schema\":1,\"layout\":\"spiral\"}", "manifest.layout")]
    [TestCase("{\"schema\":1,\"score\":{\"metric\":\"rmse\"}}", "manifest.score.metric")]
    [TestCase("{\"schema\":1,\"surprise\":true}", "manifest")]
    [TestCase("{not json", "manifest")]
    public void MalformedJsonNamesThePath(string json, string field)
    {
        var e = Assert.Throws<BundleException>(() => ManifestJson.Parse(json));
        Assert.That(e!.Field, Does.StartWith(field), e.Message);
    }

    [Test]
    public void ModelShapeMismatchesAreNamed()
    {
        var m = Full();
        var input = new TensorSignature("input", [-1, 4, 3], true);
        var output = new TensorSignature("output", [-1, 4, 3], true);
        Assert.DoesNotThrow(() => ManifestValidator.ValidateAgainstModel(m, [input], [output]));

        m.Window = 5;
        Assert.That(Assert.Throws<BundleException>(() => ManifestValidator.ValidateAgainstModel(m, [input], [output]))!.Field, Is.EqualTo("layout"));
        m.Window = 4;
        Assert.That(Assert.Throws<BundleException>(() => ManifestValidator.ValidateAgainstModel(m, [input], [output with { Dims = [-1, 12] }]))!.Field, Is.EqualTo("output_name"));
        Assert.That(Assert.Throws<BundleException>(() => ManifestValidator.ValidateAgainstModel(m, [input with { Name = "x" }], [output]))!.Field, Is.EqualTo("input_name"));
        Assert.That(Assert.Throws<BundleException>(() => ManifestValidator.ValidateAgainstModel(m, [input with { IsFloat = false }], [output]))!.Field, Is.EqualTo("input_name"));
        m.Layout = TensorLayout.Flat;
        Assert.DoesNotThrow(() => ManifestValidator.ValidateAgainstModel(m, [input with { Dims = [-1, 12] }], [output with { Dims = [-1, 12] }]));
    }
}
