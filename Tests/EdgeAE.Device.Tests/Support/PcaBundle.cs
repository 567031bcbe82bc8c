using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;
using EdgeAE.Runtime.Scoring;
using EdgeAE.Runtime.Streaming;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Tests.Shared;

namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// Builds a real, trained bundle in-test: a linear autoencoder y = x·E·Eᵀ whose E holds the top-k
/// principal directions of the z-scored training windows (the optimal linear AE), thresholds set
/// from quantiles of its own scores on the training data.
/// </summary>
public static class PcaBundle
{
    /// <summary>What calibration adds beyond the static levels: per-channel score standardization, a DSPOT start state, a drift reference.</summary>
    public sealed record Recipe(
        PreprocessingStageSpec[]? Stages = null,
        ChannelFitMethod ChannelFit = ChannelFitMethod.None,
        ScoreReduction Reduction = ScoreReduction.Mean,
        AdaptiveThresholdOptions? Adaptive = null,
        DriftOptions? Drift = null);

    public static BundleManifest Fit(SensorTable normal, int window, int components, string path, double alarmMargin = 3, double warningRatio = 0.7, int raiseAfter = 2, int clearAfter = 3, double quantile = 0.999, Recipe? recipe = null)
    {
        int c = normal.ChannelCount;
        recipe ??= new Recipe();
        var stages = recipe.Stages ?? [];
        var (offset, scale) = ZScore(PreprocessingTransform.Apply(normal, stages));
        var manifest = new BundleManifest
        {
            Window = window,
            Hop = 1,
            Layout = TensorLayout.Flat,
            Channels = normal.Channels.ToArray(),
            Preprocessing = stages,
            Normalization = new NormalizationSpec { Kind = NormalizationKind.ZScore, Offset = offset, Scale = scale },
            Score = new ScoreSpec { Metric = ErrorMetric.Mse, Reduction = recipe.Reduction, SmoothingAlpha = 1 },
            Provenance = new Provenance { Source = "test pca", ToolVersion = "test" },
        };
        var (windows, _) = WindowExtractor.Extract(normal, manifest);
        int n = window * c;
        int count = windows.Length / n;
        var cov = new double[n, n];
        for (int w = 0; w < count; w++)
        {
            var x = windows.AsSpan(w * n, n);
            for (int i = 0; i < n; i++)
            {
                double xi = x[i];
                for (int j = i; j < n; j++) cov[i, j] += xi * x[j];
            }
        }
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) cov[j, i] = cov[i, j] /= count;
        var basis = TopEigenvectors(cov, components);
        Write(manifest, basis, path);

        // Thresholds from the model's own scores on its training data.
        using (var bundle = Bundle.Load(path, new Runtime.Inference.InferenceSettings()))
        {
            var series = OfflineScorer.Score(bundle, normal);
            var (score, scores) = ScoreSpecFit.Fit(manifest.Score, series, recipe.ChannelFit == ChannelFitMethod.None ? null : recipe.ChannelFit);
            manifest.Score = score;
            var sorted = scores.Order().ToArray();
            double q = sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
            manifest.Thresholds = new ThresholdSpec
            {
                Alarm = q * alarmMargin,
                Warning = q * alarmMargin * warningRatio,
                RaiseAfter = raiseAfter,
                ClearAfter = clearAfter,
                Adaptive = recipe.Adaptive is { } a ? AdaptiveThresholdFit.Fit(scores, a) : null,
            };
            manifest.Drift = recipe.Drift is { } d ? DriftReferenceFit.Fit(normal, d) : null;
        }
        Write(manifest, basis, path);
        return manifest;
    }

    /// <summary>Writes the linear AE with an explicit basis (n × k), e.g. a perturbed copy for reload tests.</summary>
    public static void Write(BundleManifest manifest, double[,] basis, string path)
    {
        var tmp = path + ".tmp";
        OnnxModelIO.WriteBundle(LinearAutoencoder.Build(basis, "pca_ae").Build(), manifest, tmp);
        File.Move(tmp, path, overwrite: true);
    }

    public static (float[] Offset, float[] Scale) ZScore(SensorTable t)
    {
        int c = t.ChannelCount;
        var offset = new float[c];
        var scale = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            // Rows a preprocessing warm-up left as NaN are not data.
            double sum = 0, sq = 0;
            int n = 0;
            for (int r = 0; r < t.Rows; r++)
                if (float.IsFinite(t.Values[r * c + ch])) { sum += t.Values[r * c + ch]; n++; }
            double mean = sum / n;
            for (int r = 0; r < t.Rows; r++)
                if (float.IsFinite(t.Values[r * c + ch])) sq += Math.Pow(t.Values[r * c + ch] - mean, 2);
            offset[ch] = (float)mean;
            scale[ch] = (float)Math.Max(Math.Sqrt(sq / n), 1e-3);
        }
        return (offset, scale);
    }

    /// <summary>Top-k eigenvectors (columns) of a symmetric matrix by orthogonal (subspace) iteration.</summary>
    public static double[,] TopEigenvectors(double[,] a, int k, int iterations = 300)
    {
        int n = a.GetLength(0);
        var rng = new Random(7);
        var q = new double[n, k];
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) q[i, j] = rng.NextDouble() - 0.5;
        Orthonormalize(q);
        var z = new double[n, k];
        for (int it = 0; it < iterations; it++)
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++)
                {
                    double s = 0;
                    for (int m = 0; m < n; m++) s += a[i, m] * q[m, j];
                    z[i, j] = s;
                }
            Array.Copy(z, q, z.Length);
            Orthonormalize(q);
        }
        return q;
    }

    private static void Orthonormalize(double[,] q)
    {
        int n = q.GetLength(0), k = q.GetLength(1);
        for (int j = 0; j < k; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i, j] * q[i, p];
                for (int i = 0; i < n; i++) q[i, j] -= dot * q[i, p];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) q[i, j] /= norm;
        }
    }
}
