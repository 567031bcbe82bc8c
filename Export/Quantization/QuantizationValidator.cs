using System.Diagnostics;
using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Inference;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Streaming;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAE.Export.Quantization;

/// <summary>How much work <see cref="QuantizationValidator"/> does beyond the score comparison.</summary>
public sealed record ValidationOptions
{
    /// <summary>Timed single-window runs per model (after warm-up); 0 skips the latency measurement.</summary>
    public int LatencyIterations { get; init; } = 300;
    /// <summary>Op histograms of ORT's optimized int8 graph (x64 default and qdqisint8allowed=1).</summary>
    public bool InspectOptimizedGraph { get; init; } = true;
    /// <summary>Validation windows run through <see cref="ClippingProbe"/>, spread over the data (at most this many; 0 skips it).</summary>
    public int ClippingWindows { get; init; } = 4096;
}

/// <summary>
/// Compares a float bundle with its int8 version on held-out data, scoring both through the
/// Runtime's <see cref="OfflineScorer"/> (the device's windowing, normalization and error code).
/// </summary>
public static class QuantizationValidator
{
    public static ValidationReport Validate(ModelProto floatBundle, ModelProto int8Bundle, SensorTable validation, SensorTable? labeled = null, ValidationOptions? options = null) =>
        Validate(floatBundle.ToByteArray(), int8Bundle.ToByteArray(), validation, labeled, options);

    public static ValidationReport Validate(byte[] floatBundle, byte[] int8Bundle, SensorTable validation, SensorTable? labeled = null, ValidationOptions? options = null)
    {
        options ??= new ValidationOptions();
        var settings = new InferenceSettings();
        using var fp32 = Bundle.Load(floatBundle, null, settings);
        using var int8 = Bundle.Load(int8Bundle, null, settings);
        var scorer = ScorerOptions.Offline with { Detect = false };
        var a = OfflineScorer.Score(fp32, validation, scorer);
        var b = OfflineScorer.Score(int8, validation, scorer);
        if (a.Count < 2)
            throw new InputException(validation.Source, $"{validation.Rows} rows give {a.Count} validation windows; at least 2 are needed");

        var rel = new double[a.Count];
        for (int i = 0; i < a.Count; i++)
            rel[i] = Math.Abs(b.RawScores[i] - (double)a.RawScores[i]) / Math.Max(Math.Abs((double)a.RawScores[i]), 1e-12);
        double meanA = a.RawScores.Average(v => (double)v), meanB = b.RawScores.Average(v => (double)v);

        double? aurocA = null, aurocB = null;
        int labeledWindows = 0;
        if (labeled is not null)
        {
            if (labeled.Labels is null) throw new InputException(labeled.Source, $"no label column (use --label-column)");
            var la = OfflineScorer.Score(fp32, labeled, scorer);
            var lb = OfflineScorer.Score(int8, labeled, scorer);
            var positive = WindowLabels(labeled, la.EndRows, fp32.Manifest.Window);
            labeledWindows = la.Count;
            aurocA = ScoreStatistics.Auroc(la.RawScores, positive);
            aurocB = ScoreStatistics.Auroc(lb.RawScores, positive);
        }

        var thresholds = fp32.Manifest.Thresholds;
        double? flips = null, flipsWarning = null;
        if (thresholds is not null)
        {
            flips = FlipRate(a.Scores, b.Scores, thresholds.Alarm);
            flipsWarning = FlipRate(a.Scores, b.Scores, thresholds.Warning);
        }

        // Layers ORT's x64 U8S8 kernels may saturate, and what that costs a session without
        // session.x64quantprecision (plain ONNX Runtime) on this CPU; EdgeAE's sessions set it.
        var (int8Layers, saturating) = U8S8Saturation.Check(OnnxModelIO.Parse(int8Bundle));
        double? plainOrtError = null;
        if (saturating.Count > 0)
        {
            using var plain = Bundle.Load(int8Bundle, null, settings with { ConfigEntries = PlainOrt });
            double meanPlain = OfflineScorer.Score(plain, validation, scorer).RawScores.Average(v => (double)v);
            plainOrtError = Math.Abs(meanPlain - meanA) / Math.Max(Math.Abs(meanA), 1e-12);
        }

        var firstWindow = SpreadWindows(validation, fp32.Manifest, 1);
        var clipping = new List<TensorClipping>();
        if (options.ClippingWindows > 0)
        {
            var manifest = int8.Manifest;
            clipping = ClippingProbe.Measure(OnnxModelIO.Parse(int8Bundle), SpreadWindows(validation, manifest, options.ClippingWindows),
                ManifestValidator.WindowShape(manifest.Layout, manifest.ModelWindow, manifest.ChannelCount));
        }
        return new ValidationReport
        {
            Fp32Bytes = floatBundle.LongLength,
            Int8Bytes = int8Bundle.LongLength,
            Windows = a.Count,
            MeanScoreFp32 = meanA,
            MeanScoreInt8 = meanB,
            MeanScoreRelError = Math.Abs(meanB - meanA) / Math.Max(Math.Abs(meanA), 1e-12),
            WindowRelErrorMedian = ScoreStatistics.Quantile(rel, 0.5),
            WindowRelErrorP99 = ScoreStatistics.Quantile(rel, 0.99),
            Spearman = ScoreStatistics.Spearman(a.RawScores, b.RawScores),
            LabeledWindows = labeledWindows,
            AurocFp32 = aurocA,
            AurocInt8 = aurocB,
            Threshold = thresholds?.Alarm,
            DecisionFlipRate = flips,
            DecisionFlipRateWarning = flipsWarning,
            LatencyUsFp32 = options.LatencyIterations > 0 ? LatencyMicroseconds(fp32, firstWindow, options.LatencyIterations) : double.NaN,
            LatencyUsInt8 = options.LatencyIterations > 0 ? LatencyMicroseconds(int8, firstWindow, options.LatencyIterations) : double.NaN,
            OptimizedOps = options.InspectOptimizedGraph ? OptimizedGraphInspector.OpHistogram(int8Bundle) : new Dictionary<string, int>(),
            OptimizedOpsInt8Allowed = options.InspectOptimizedGraph ? OptimizedGraphInspector.OpHistogram(int8Bundle, OptimizedGraphInspector.ArmBehaviour) : new Dictionary<string, int>(),
            Clipping = clipping,
            Int8WeightLayers = int8Layers,
            U8S8MaySaturate = saturating,
            PlainOrtMeanScoreRelError = plainOrtError,
        };
    }

    /// <summary>ORT's own default: U8S8 kernels as they come (see <see cref="SessionFactory.DefaultConfigEntries"/>).</summary>
    private static readonly IReadOnlyDictionary<string, string> PlainOrt = new Dictionary<string, string> { ["session.x64quantprecision"] = "0" };

    /// <summary>
    /// At most <paramref name="count"/> windows spread evenly over the table: drift lives in the later
    /// rows, so not just the first ones. Each window is cut from a slice that also holds the rows its
    /// preprocessing stages need before it (their warm-up, and three horizons for a baseline to settle),
    /// so it is the window the stream would give, not one from stages started cold at its first row.
    /// </summary>
    private static float[] SpreadWindows(SensorTable table, BundleManifest manifest, int count)
    {
        int lead = manifest.PreprocessingWarmup() + (manifest.Preprocessing.Length == 0 ? 0 : 3 * manifest.Preprocessing.Max(s => s.Horizon));
        int first = Math.Min(lead, Math.Max(0, table.Rows - manifest.Window));
        int starts = table.Rows - manifest.Window + 1 - first;
        if (starts <= 0) return [];
        int n = Math.Min(count, starts);
        var result = new float[n * manifest.ModelValues];
        int filled = 0;
        for (int i = 0; i < n; i++)
        {
            int start = first + (int)((long)i * (starts - 1) / Math.Max(1, n - 1));
            var (windows, _) = WindowExtractor.Extract(table.Slice(Math.Max(0, start - lead), start + manifest.Window), manifest);
            if (windows.Length < manifest.ModelValues) continue;   // the slice still lies inside the warm-up
            windows.AsSpan(windows.Length - manifest.ModelValues).CopyTo(result.AsSpan(filled * manifest.ModelValues));
            filled++;
        }
        return filled == n ? result : result[..(filled * manifest.ModelValues)];
    }

    /// <summary>A window is anomalous when any of its rows is labelled.</summary>
    public static bool[] WindowLabels(SensorTable table, int[] endRows, int window)
    {
        var labels = table.Labels!;
        var result = new bool[endRows.Length];
        for (int i = 0; i < endRows.Length; i++)
            for (int r = Math.Max(0, endRows[i] - window + 1); r <= endRows[i] && !result[i]; r++)
                result[i] = labels[r] >= 0.5f;
        return result;
    }

    private static double FlipRate(float[] a, float[] b, double threshold)
    {
        int flips = 0;
        for (int i = 0; i < a.Length; i++)
            if (a[i] >= threshold != b[i] >= threshold) flips++;
        return (double)flips / a.Length;
    }

    /// <summary>Median time of one batch-1 run on the bundle's single-thread session, through a reused binding.</summary>
    private static double LatencyMicroseconds(Bundle bundle, float[] window, int iterations)
    {
        var shape = ManifestValidator.WindowShape(bundle.Manifest.Layout, bundle.Manifest.ModelWindow, bundle.Manifest.ChannelCount);
        shape[0] = 1;
        var output = new float[window.Length];
        using var input = OrtValue.CreateTensorValueFromMemory(window, shape);
        using var result = OrtValue.CreateTensorValueFromMemory(output, shape);
        using var binding = bundle.Session.CreateIoBinding();
        using var run = new RunOptions();
        binding.BindInput(bundle.Manifest.InputName, input);
        binding.BindOutput(bundle.Manifest.OutputName, result);
        for (int i = 0; i < Math.Min(50, iterations); i++) bundle.Session.RunWithBinding(run, binding);
        var times = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            bundle.Session.RunWithBinding(run, binding);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return ScoreStatistics.Quantile(times, 0.5);
    }
}
