using EdgeAE.Export.Import;
using EdgeAE.Export.Import.Keras;
using EdgeAE.Export.Tests.Passes;
using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Scoring;

namespace EdgeAE.Export.Tests.Import;

/// <summary>The real third-party model: MLPerf Tiny's anomaly-detection Keras autoencoder.</summary>
[Category("Acceptance")]
public class Ad01AcceptanceTests
{
    /// <summary>
    /// Published Keras float score of clip normal_id_01_00000000 (the reference in
    /// ../shared/models/mlperf-tiny-ad01/README, printed by the benchmark's own Keras run): an
    /// independent oracle, not a tripwire. Our import gives 9.491286 (README, BENCHMARKS.md).
    /// </summary>
    private const double PublishedScore = 9.491290419806504;

    [Test]
    public void Ad01_ImportedGraph_ReproducesPublishedClipScore()
    {
        string h5 = SharedData.Ad01("ad01.h5");
        string csv = SharedData.Ad01("clip_normal_id_01_00000000.csv");
        var model = KerasImporter.Import(h5);
        var summary = ImportPipeline.Run(model);
        Assert.That(summary.BatchNormsFolded, Is.EqualTo(9));
        Assert.That(summary.WindowShape, Is.EqualTo(new long[] { 640 }));
        Assert.That(model.Graph.Node.Select(n => n.OpType).Distinct(), Is.EquivalentTo(new[] { "Gemm", "Relu" }));

        var table = SensorDataReader.Read(csv);
        Assert.That(table.ChannelCount, Is.EqualTo(128));
        int windows = table.Rows - 5 + 1;
        // Window r = rows r..r+4 flattened row-major: a contiguous slice of the row-major table.
        var batch = new float[windows * 640];
        for (int w = 0; w < windows; w++)
            table.Values.AsSpan(w * 128, 640).CopyTo(batch.AsSpan(w * 640));
        var output = OrtEval.Run(model, batch, windows, 640);
        double sum = 0;
        for (int w = 0; w < windows; w++)
        {
            double se = 0;
            for (int i = 0; i < 640; i++)
            {
                double d = output[w * 640 + i] - batch[w * 640 + i];
                se += d * d;
            }
            sum += se / 640;
        }
        double mean = sum / windows;
        TestContext.Out.WriteLine($"ad01 mean window MSE over {windows} windows: {mean:F6}");
        Assert.That(windows, Is.EqualTo(196));
        Assert.That(mean, Is.EqualTo(PublishedScore).Within(0.001));
    }

    /// <summary>The acceptance: convert --window 5 --channels 128 --layout flat, then score the clip like `edgeae score` does.</summary>
    [Test]
    public void Ad01_ConvertedBundle_ScoredByOfflineScorer_GivesPublishedMean()
    {
        string h5 = SharedData.Ad01("ad01.h5");
        string csv = SharedData.Ad01("clip_normal_id_01_00000000.csv");
        string bundlePath = Path.Combine(Path.GetTempPath(), $"edgeae-ad01-{Guid.NewGuid():N}.onnx");
        try
        {
            var result = ModelConverter.Convert(new ConvertRequest { ModelPath = h5, Window = 5, Channels = 128, Layout = TensorLayout.Flat });
            OnnxModelIO.WriteBundle(result.Model, result.Manifest, bundlePath);

            using var bundle = Bundle.Load(bundlePath);
            Assert.That(bundle.Manifest.Provenance.Source, Is.EqualTo("convert keras"));
            Assert.That(bundle.Manifest.Provenance.SourceSha256, Is.EqualTo(OnnxModelFile.FileSha256(h5)));
            var series = OfflineScorer.Score(bundle, SensorDataReader.Read(csv));
            TestContext.Out.WriteLine($"OfflineScorer: {series.Count} windows, mean {series.Mean:F6}");
            Assert.That(series.Count, Is.EqualTo(196));
            Assert.That(series.Mean, Is.EqualTo(PublishedScore).Within(0.001));
        }
        finally
        {
            File.Delete(bundlePath);
        }
    }
}
