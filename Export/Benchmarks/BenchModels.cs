using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Benchmarks;

/// <summary>
/// Random-weight fp32 bundles with the architectures the benchmarks cover, so latency can be
/// measured before (and independently of) trained models: inference time depends on the graph's
/// shapes and ops, not on the weight values. Weights are seeded, so every run writes the same files.
/// </summary>
public static class BenchModels
{
    public sealed record Spec(string Name, string Description, Func<Random, (Onnx.Proto.ModelProto Model, BundleManifest Manifest)> Build);

    public static IReadOnlyList<Spec> All { get; } =
    [
        new("dense-784", "seed UndercompleteAE: dense 784-256-128-32-128-256-784, window 28 × 28 channels, flat", DenseAe),
        new("conv-28x28", "seed ConvAE: conv 1×28×28 → 16×14×14 → 32×7×7 and transposed back, nchw", ConvAe),
        new("ad01-arch", "MLPerf Tiny ad01 architecture (640-128×4-8-128×4-640 with batch norm), random weights, window 5 × 128, flat", Ad01Arch),
        new("skab-conv1d-arch", "SKAB Conv_AE architecture (conv1d k7 32-16, transposed back), random weights, window 60 × 8, ncw", SkabConv1dArch),
    ];

    /// <summary>Writes every model as <c>DIR/NAME.fp32.onnx</c> and returns the paths.</summary>
    public static List<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var spec in All)
        {
            var (model, manifest) = spec.Build(new Random(20261123));
            manifest.Provenance.CreatedUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            string path = Path.Combine(directory, spec.Name + ".fp32.onnx");
            OnnxModelIO.WriteBundle(model, manifest, path);
            paths.Add(path);
        }
        return paths;
    }

    private static (Onnx.Proto.ModelProto, BundleManifest) DenseAe(Random random)
    {
        var g = new GraphBuilder("dense_784");
        string x = g.Input("input", -1, 784);
        int[] sizes = [784, 256, 128, 32, 128, 256, 784];
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            x = Dense(g, random, x, sizes[i], sizes[i + 1]);
            x = i + 2 < sizes.Length ? g.Relu(x) : g.Sigmoid(x);
        }
        g.RenameLastOutput("output");
        g.Output("output", -1, 784);
        return (g.Build(), Manifest(TensorLayout.Flat, 28, 28, "bench dense-784 (random weights)"));
    }

    private static (Onnx.Proto.ModelProto, BundleManifest) ConvAe(Random random)
    {
        var g = new GraphBuilder("conv_28x28");
        string x = g.Input("input", -1, 1, 28, 28);
        x = g.Relu(Conv(g, random, x, 1, 16, 3, 2, 1));
        x = g.Relu(Conv(g, random, x, 16, 32, 3, 2, 1));
        x = g.Relu(ConvT(g, random, x, 32, 16, 3, 2, 1, 1));
        x = g.Sigmoid(ConvT(g, random, x, 16, 1, 3, 2, 1, 1));
        g.RenameLastOutput("output");
        g.Output("output", -1, 1, 28, 28);
        return (g.Build(), Manifest(TensorLayout.Nchw, 28, 28, "bench conv-28x28 (random weights)"));
    }

    private static (Onnx.Proto.ModelProto, BundleManifest) Ad01Arch(Random random)
    {
        var g = new GraphBuilder("ad01_arch");
        string x = g.Input("input", -1, 640);
        int[] sizes = [640, 128, 128, 128, 128, 8, 128, 128, 128, 128];
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            int n = sizes[i + 1];
            x = Dense(g, random, x, sizes[i], n);
            x = g.BatchNorm(x, Fill(random, n, 0.9f, 1.1f), Fill(random, n, -0.1f, 0.1f), Fill(random, n, -0.1f, 0.1f), Fill(random, n, 0.9f, 1.1f), 1e-3f);
            x = g.Relu(x);
        }
        Dense(g, random, x, 128, 640);
        g.RenameLastOutput("output");
        g.Output("output", -1, 640);
        return (g.Build(), Manifest(TensorLayout.Flat, 5, 128, "bench ad01-arch (random weights)"));
    }

    private static (Onnx.Proto.ModelProto, BundleManifest) SkabConv1dArch(Random random)
    {
        var g = new GraphBuilder("skab_conv1d_arch");
        string x = g.Input("input", -1, 8, 60);
        x = g.Relu(Conv(g, random, x, 8, 32, 7, 2, 3, oneD: true));
        x = g.Relu(Conv(g, random, x, 32, 16, 7, 2, 3, oneD: true));
        x = g.Relu(ConvT(g, random, x, 16, 16, 7, 2, 3, 1, oneD: true));
        x = g.Relu(ConvT(g, random, x, 16, 32, 7, 2, 3, 1, oneD: true));
        ConvT(g, random, x, 32, 8, 7, 1, 3, 0, oneD: true);
        g.RenameLastOutput("output");
        g.Output("output", -1, 8, 60);
        return (g.Build(), Manifest(TensorLayout.Ncw, 60, 8, "bench skab-conv1d-arch (random weights)"));
    }

    private static string Dense(GraphBuilder g, Random random, string x, int inputs, int outputs) =>
        g.Gemm(x, Fill(random, inputs * outputs, Limit(inputs)), Fill(random, outputs, 0.01f), inputs, outputs);

    private static string Conv(GraphBuilder g, Random random, string x, int cin, int cout, int k, int stride, int pad, bool oneD = false)
    {
        int fanIn = cin * k * (oneD ? 1 : k);
        long[] dims = oneD ? [cout, cin, k] : [cout, cin, k, k];
        long[] strides = oneD ? [stride] : [stride, stride];
        long[] pads = oneD ? [pad, pad] : [pad, pad, pad, pad];
        return g.Conv(x, Fill(random, cout * fanIn, Limit(fanIn)), Fill(random, cout, 0.01f), dims, strides, pads);
    }

    private static string ConvT(GraphBuilder g, Random random, string x, int cin, int cout, int k, int stride, int pad, int outputPad, bool oneD = false)
    {
        int taps = k * (oneD ? 1 : k);
        long[] dims = oneD ? [cin, cout, k] : [cin, cout, k, k];
        long[] strides = oneD ? [stride] : [stride, stride];
        long[] pads = oneD ? [pad, pad] : [pad, pad, pad, pad];
        long[] outPad = oneD ? [outputPad] : [outputPad, outputPad];
        return g.ConvTranspose(x, Fill(random, cin * cout * taps, Limit(cin * taps)), Fill(random, cout, 0.01f), dims, strides, pads, outPad);
    }

    // He-uniform bound: keeps activations O(1) through ReLU stacks so no layer saturates or denormalizes.
    private static float Limit(int fanIn) => MathF.Sqrt(6f / fanIn);

    private static float[] Fill(Random random, int count, float limit) => Fill(random, count, -limit, limit);

    private static float[] Fill(Random random, int count, float min, float max)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = min + (max - min) * random.NextSingle();
        return values;
    }

    private static BundleManifest Manifest(TensorLayout layout, int window, int channels, string source) => new()
    {
        Layout = layout,
        Window = window,
        Hop = Math.Max(1, window / 2),
        Channels = Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray(),
        Score = new ScoreSpec { Metric = ErrorMetric.Mse, Reduction = ScoreReduction.Mean },
        // Levels far above any score of random weights on unit-range data: the detector runs on every
        // window (it is part of the pipeline being timed) without raising events.
        Thresholds = new ThresholdSpec { Warning = 1e6, Alarm = 1e7, RaiseAfter = 3, ClearAfter = 3 },
        Provenance = new Provenance { Precision = Precision.Fp32, Source = source },
    };
}
