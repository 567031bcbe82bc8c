using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Tests.Quantization;

/// <summary>Deterministic test autoencoders (random He-style weights) and synthetic sensor data.</summary>
internal static class QuantTestModels
{
    public static readonly string[] Channels = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"];

    /// <summary>Dense AE 640→128→8→128→640 over flat windows of 80 samples × 8 channels.</summary>
    public static ModelProto DenseBundle(SensorTable fitOn, int seed = 11)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder("dense_ae", 17);
        string x = b.Input("input", -1, 640);
        int[] sizes = [640, 128, 8, 128, 640];
        for (int i = 0; i < 4; i++)
        {
            x = b.Gemm(x, Uniform(rng, sizes[i] * sizes[i + 1], Math.Sqrt(6.0 / sizes[i])), Uniform(rng, sizes[i + 1], 0.1), sizes[i], sizes[i + 1]);
            if (i < 3) x = b.Relu(x);
        }
        b.RenameLastOutput("output");
        b.Output("output", -1, 640);
        return Stamp(b.Build(), Manifest(TensorLayout.Flat, 80, fitOn));
    }

    /// <summary>The SKAB Conv-AE shape: [N,8,60] → Conv(32,k7,s2) → Conv(16,k7,s2) → ConvT(16,s2) → ConvT(32,s2) → ConvT(8,s1).</summary>
    public static ModelProto ConvBundle(SensorTable fitOn, int seed = 7)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder("conv_ae", 17);
        string x = b.Input("input", -1, 8, 60);
        x = b.Relu(b.Conv(x, Uniform(rng, 32 * 8 * 7, Math.Sqrt(6.0 / (8 * 7))), Uniform(rng, 32, 0.1), [32, 8, 7], [2], [3, 3]));
        x = b.Relu(b.Conv(x, Uniform(rng, 16 * 32 * 7, Math.Sqrt(6.0 / (32 * 7))), Uniform(rng, 16, 0.1), [16, 32, 7], [2], [3, 3]));
        x = b.Relu(b.ConvTranspose(x, Uniform(rng, 16 * 16 * 7, Math.Sqrt(6.0 / (16 * 7 / 2.0))), Uniform(rng, 16, 0.1), [16, 16, 7], [2], [3, 3], [1]));
        x = b.Relu(b.ConvTranspose(x, Uniform(rng, 16 * 32 * 7, Math.Sqrt(6.0 / (16 * 7 / 2.0))), Uniform(rng, 32, 0.1), [16, 32, 7], [2], [3, 3], [1]));
        b.ConvTranspose(x, Uniform(rng, 32 * 8 * 7, Math.Sqrt(3.0 / (32 * 7))), Uniform(rng, 8, 0.1), [32, 8, 7], [1], [3, 3]);
        b.RenameLastOutput("output");
        b.Output("output", -1, 8, 60);
        return Stamp(b.Build(), Manifest(TensorLayout.Ncw, 60, fitOn));
    }

    public static BundleManifest Manifest(TensorLayout layout, int window, SensorTable fitOn)
    {
        int c = fitOn.ChannelCount;
        var mean = new float[c];
        var std = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            double s = 0, s2 = 0;
            for (int r = 0; r < fitOn.Rows; r++) { double v = fitOn.Values[r * c + ch]; s += v; s2 += v * v; }
            mean[ch] = (float)(s / fitOn.Rows);
            std[ch] = (float)Math.Sqrt(Math.Max(1e-12, s2 / fitOn.Rows - mean[ch] * (double)mean[ch]));
        }
        return new BundleManifest
        {
            InputName = "input",
            OutputName = "output",
            Layout = layout,
            Window = window,
            Hop = 4,
            Channels = fitOn.Channels,
            Normalization = new NormalizationSpec { Kind = NormalizationKind.ZScore, Offset = mean, Scale = std },
            Thresholds = new ThresholdSpec { Warning = 1.0, Alarm = 1.2 },
            Provenance = new Provenance { Source = "test", SourceSha256 = new string('0', 64) },
        };
    }

    /// <summary>Sines with slowly varying amplitude and noise; <paramref name="anomalies"/> adds labelled bursts.</summary>
    public static SensorTable Sensors(int rows, int seed, bool anomalies = false)
    {
        var rng = new Random(seed);
        int c = Channels.Length;
        var values = new float[rows * c];
        var labels = anomalies ? new float[rows] : null;
        for (int r = 0; r < rows; r++)
        {
            bool burst = anomalies && r % 600 >= 400 && r % 600 < 480;
            if (labels is not null) labels[r] = burst ? 1 : 0;
            for (int ch = 0; ch < c; ch++)
            {
                double amp = 1 + 0.5 * Math.Sin(r * 0.003 * (ch + 1));
                double v = 10 * ch + amp * Math.Sin(r * 0.07 * (ch + 1) + ch) + 0.2 * Gaussian(rng);
                if (burst) v += 1.5 * Math.Sin(r * 0.9) + 0.8 * Gaussian(rng);
                values[r * c + ch] = (float)v;
            }
        }
        return new SensorTable(Channels, values, labels: labels, source: $"synthetic{seed}");
    }

    public static string WriteBundle(ModelProto model, string directory, string name)
    {
        string path = Path.Combine(directory, name);
        OnnxModelIO.Save(model, path);
        return path;
    }

    private static ModelProto Stamp(ModelProto model, BundleManifest manifest)
    {
        OnnxModelIO.StampManifest(model, manifest);
        return model;
    }

    private static float[] Uniform(Random rng, int count, double limit)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * limit);
        return v;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
