using System.Diagnostics;
using System.Globalization;
using EdgeAE.Onnx;
using EdgeAE.Quantization;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Training;
using Google.Protobuf;

namespace EdgeAE.Learning;

/// <summary>
/// Recording → bundle, the same on the board and in `edgeae learn`: refuse what cannot give a
/// trustworthy model, train (seeded, deterministic), hold out the last part by time, quantize int8
/// on the training rows, calibrate thresholds on the int8 model's own hold-out scores, stamp the
/// provenance and self-test the result. Nothing here reads a clock: the bundle's creation time is
/// the recording's last row, so the same data and seed give the same bytes.
/// </summary>
public static class LearnRecipe
{
    /// <summary>Learns from a recording directory with the settings stored in it (optionally another seed), counting the board's fault tally.</summary>
    public static LearnResult Run(string recordingDirectory, IProgress<EpochReport>? progress = null, CancellationToken cancellation = default, ulong? seed = null)
    {
        var (header, table, sha) = RecordingReader.Read(recordingDirectory);
        long faulted = RecordingReader.FaultedFrames(recordingDirectory);
        double faultFraction = (double)faulted / Math.Max(1, faulted + table.Rows);
        if (seed is ulong s) header.Settings.Seed = s;
        return Run(table, sha, header.Settings, faultFraction, progress, cancellation);
    }

    public static LearnResult Run(SensorTable recording, string recordingSha256, LearnSettings settings, double faultFraction = 0,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        var training = settings.ToTraining();
        Refusals.BeforeTraining(recording, settings, faultFraction);

        var clock = Stopwatch.StartNew();
        TrainingResult trained;
        try
        {
            trained = AutoencoderTrainer.Train(recording, training, progress, cancellation);
        }
        catch (InputException e) when (e is not LearnRefusedException)
        {
            throw new LearnRefusedException(e.Message);
        }
        Refusals.AfterTraining(trained, settings);

        var (trainRows, holdOut) = DataSplit.ByTime(recording, settings.HoldOut, settings.Window);
        if (holdOut is null) throw new LearnRefusedException("HoldOut is 0: thresholds need held-out rows");
        var quantized = Int8Quantizer.Quantize(trained.Model, trainRows, new QuantizationOptions { CalibrationSha256 = recordingSha256 });
        var model = quantized.Bundle;
        var manifest = OnnxModelIO.ReadManifest(model)!;

        // Thresholds from the int8 model's scores on rows it never trained on, through the device's scorer.
        ScoreSeries scores;
        using (var bundle = Bundle.Load(model.ToByteArray(), "learned int8 bundle", new InferenceSettings { IntraOpThreads = 1 }))
            scores = OfflineScorer.Score(bundle, holdOut, ScorerOptions.Offline with { Detect = false });
        if (scores.Count < 16) throw new LearnRefusedException($"the hold-out gives {scores.Count} windows; at least 16 are needed to calibrate (record longer)");
        var (score, normalScores) = ScoreSpecFit.Fit(manifest.Score, scores, null);
        manifest.Score = score;
        var thresholds = ThresholdCalibrator.Calibrate(normalScores, settings.ToCalibration(WindowPeriod.Of(holdOut, settings.Hop)));
        manifest.Thresholds = thresholds.ToThresholdSpec(recordingSha256);

        var first = recording.TimeOf(0);
        var last = recording.TimeOf(recording.Rows - 1);
        manifest.Provenance.CreatedUtc = DateTime.SpecifyKind(last, DateTimeKind.Utc);
        manifest.Provenance.ToolVersion = OnnxModelIO.ToolVersion;
        manifest.Provenance.Source = string.Create(CultureInfo.InvariantCulture,
            $"learned on recording sha256 {recordingSha256}, rows 0:{recording.Rows} ({first:O} .. {last:O}), hold-out rows {trainRows.Rows}:{recording.Rows}, " +
            $"{settings.Arch} seed {settings.Seed}, {trained.Epochs} epochs (best {trained.BestEpoch}), val loss {trained.ValLoss:G6} vs baseline {trained.BaselineValLoss:G6}; int8; thresholds {settings.Method}");
        OnnxModelIO.StampManifest(model, manifest);
        byte[] bytes = model.ToByteArray();
        SelfTest(bytes, holdOut, manifest);
        return new LearnResult
        {
            Bundle = bytes,
            Manifest = manifest,
            Thresholds = thresholds,
            Rows = recording.Rows,
            RecordingSha256 = recordingSha256,
            ValLoss = trained.ValLoss,
            BaselineValLoss = trained.BaselineValLoss,
            Epochs = trained.Epochs,
            HoldOutWindows = scores.Count,
            TrainingTime = clock.Elapsed,
        };
    }

    /// <summary>The written bytes load, validate and score the hold-out with finite scores, and the thresholds are ordered.</summary>
    private static void SelfTest(byte[] bytes, SensorTable holdOut, BundleManifest manifest)
    {
        using var bundle = Bundle.Load(bytes, "learned bundle", new InferenceSettings { IntraOpThreads = 1 });
        var series = OfflineScorer.Score(bundle, holdOut.Slice(0, Math.Min(holdOut.Rows, manifest.Window * 4)), ScorerOptions.Offline with { Detect = false });
        if (series.Count == 0 || !Array.TrueForAll(series.Scores, float.IsFinite))
            throw new LearnRefusedException("the learned bundle failed its self-test (no finite score on the hold-out)");
        var t = manifest.Thresholds!;
        if (!(t.Alarm > 0 && t.Warning <= t.Alarm))
            throw new LearnRefusedException($"the calibrated thresholds are unusable (warning {t.Warning}, alarm {t.Alarm})");
    }
}
