using System.Diagnostics;
using EdgeAE.Export.Evaluation;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Quantization;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Training;
using Google.Protobuf;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>
/// The SKAB protocol on one recording: train (fresh z-score scaler and model) on the first rows,
/// quantize and calibrate on those rows only, stream the whole recording through the Runtime's
/// scorer and count the point-wise confusion on the remaining (test) rows.
/// </summary>
public static class SkabFileRunner
{
    public static SkabFileResult Run(SkabRecording recording, SkabOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        string path = recording.Name;
        var table = SkabChannels.Exclude(recording.Load(options), options.ExcludeColumns);
        if (table.Labels is null) throw new InputException(path, $"no '{options.LabelColumn}' label column");
        int window = options.Training.Window;
        if (table.Rows < options.TrainRows + 1)
            throw new InputException(path, $"{table.Rows} rows, the protocol needs more than the {options.TrainRows} training rows");

        // The training rows without their labels: nothing downstream of here can see a label.
        var slow = SlowChannels.Find(table.Slice(0, options.TrainRows), options.SlowChannelRoughness);
        // Every channel slow means the screen cannot tell drift from smoothness here: keep them all.
        if (slow.Length == table.ChannelCount) slow = [];
        table = SkabChannels.Exclude(table, slow);
        var head = table.Slice(0, options.TrainRows);
        var train = new SensorTable(head.Channels, head.Values, head.Timestamps, labels: null, source: $"{path}[0:{options.TrainRows}]");
        var trained = SkabModelCache.TrainOrLoad(path, train, options, cancellationToken);
        var floatModel = WithScoreSpec(trained.Model, options);

        var labels = PointScores.Labels(table.Labels);
        var results = new Dictionary<Precision, SkabPrecisionResult>();
        foreach (var precision in options.Precisions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = precision == Precision.Int8 ? Int8Quantizer.Quantize(floatModel, train, options.Quantization).Bundle : floatModel;
            var (calibrated, thresholds) = Commission(model, train, options);
            using var bundle = Bundle.Load(calibrated.ToByteArray(), settings: new InferenceSettings { IntraOpThreads = 1 });
            // The device's run: the training rows commission it, then it is armed and judges the rest.
            var series = OfflineScorer.Score(bundle, table, ScorerOptions.Offline, new Arming(options.TrainRows, thresholds));
            var points = SkabPointScores.Of(series, window, table.Rows, options.PointRule);
            var confusion = ConfusionMatrix.Count(points.AsSpan(options.TrainRows), labels.AsSpan(options.TrainRows), 0);
            results[precision] = new SkabPrecisionResult(thresholds.Alarm, confusion);
        }
        return new SkabFileResult
        {
            Path = path,
            Group = recording.Group,
            NormalOnly = recording.NormalOnly,
            TestRows = table.Rows - options.TrainRows,
            Epochs = trained.Epochs,
            Precisions = results,
            Elapsed = clock.Elapsed,
            SlowChannels = slow,
        };
    }

    /// <summary>
    /// What commissioning on the training rows produces: the per-channel score standardization (if
    /// asked for) written into the bundle's score spec, and thresholds (static, and adaptive if asked
    /// for) from the training windows' scores under that spec. Labels are never seen here.
    /// </summary>
    private static (ModelProto Model, ThresholdSpec Thresholds) Commission(ModelProto model, SensorTable train, SkabOptions options)
    {
        ScoreSeries normal;
        using (var bundle = Bundle.Load(model.ToByteArray(), settings: new InferenceSettings { IntraOpThreads = 1 }))
            normal = OfflineScorer.Score(bundle, train, ScorerOptions.Offline with { Detect = false });
        var manifest = OnnxModelIO.ReadManifest(model)!;
        var (score, scores) = ScoreSpecFit.Fit(manifest.Score, normal, options.ChannelFit == ChannelFitMethod.None ? null : options.ChannelFit);
        if (!ReferenceEquals(score, manifest.Score))
        {
            model = model.Clone();
            manifest.Score = score;
            OnnxModelIO.StampManifest(model, manifest);
        }
        var calibration = ThresholdCalibrator.Calibrate(scores, options.Calibration with { WindowPeriod = WindowPeriod.Of(train, options.Training.Hop, TimeSpan.FromSeconds(1)) });
        return (model, calibration.ToThresholdSpec());
    }

    /// <summary>The score spec this run asks for (a cached model may have been trained under another reduction; the weights do not depend on it).</summary>
    private static ModelProto WithScoreSpec(ModelProto model, SkabOptions options)
    {
        var manifest = OnnxModelIO.ReadManifest(model)!;
        var t = options.Training;
        int topK = t.Reduction == ScoreReduction.TopK ? t.TopK : 0;
        if (manifest.Score.SmoothingAlpha == options.SmoothingAlpha && manifest.Score.Reduction == t.Reduction && manifest.Score.TopK == topK
            && manifest.Score.Metric == t.ScoreMetric)
            return model;
        var copy = model.Clone();
        manifest.Score.SmoothingAlpha = options.SmoothingAlpha;
        manifest.Score.Reduction = t.Reduction;
        manifest.Score.TopK = topK;
        manifest.Score.Metric = t.ScoreMetric;
        OnnxModelIO.StampManifest(copy, manifest);
        return copy;
    }
}
