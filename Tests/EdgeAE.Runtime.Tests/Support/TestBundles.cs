using EdgeAE.Onnx;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Tests.Shared;

namespace EdgeAE.Runtime.Tests.Support;

/// <summary>Small exact bundles built in code, so tests know every number the model computes.</summary>
public static class TestBundles
{
    public static BundleManifest Manifest(int window, int channels, int hop = 1, TensorLayout layout = TensorLayout.Flat) => new()
    {
        Window = window,
        Hop = hop,
        Layout = layout,
        Channels = Enumerable.Range(0, channels).Select(c => $"ch{c}").ToArray(),
        Provenance = new Provenance { Source = "test" },
    };

    /// <summary>
    /// A linear autoencoder y = x·E·D with E = basis (n×k) and D = basisᵀ: the orthogonal projection
    /// onto span(basis) when the basis is orthonormal. Flat layout [N, W·C].
    /// </summary>
    public static byte[] Linear(BundleManifest manifest, double[,] basis)
    {
        if (basis.GetLength(0) != manifest.WindowValues) throw new ArgumentException("basis rows must equal W·C");
        return Write(LinearAutoencoder.Build(basis, "linear_ae"), manifest);
    }

    /// <summary>An identity-plus-offset model y = x + delta (per value): every window's error is known exactly.</summary>
    public static byte[] Shift(BundleManifest manifest, float delta)
    {
        int n = manifest.ModelValues;
        var g = new GraphBuilder("shift");
        long[] shape = ManifestValidator.WindowShape(manifest.Layout, manifest.ModelWindow, manifest.ChannelCount);
        string x = g.Input("input", shape);
        string d = g.Weight("delta", [delta], 1);
        g.Add(x, d);
        g.RenameLastOutput("output");
        g.Output("output", shape);
        _ = n;
        return Write(g, manifest);
    }

    /// <summary>A small nonlinear dense AE with deterministic pseudo-random weights (for batching and allocation tests).</summary>
    public static byte[] Dense(BundleManifest manifest, int hidden, int seed = 1)
    {
        int n = manifest.ModelValues;
        var rng = new Random(seed);
        float[] W(int a, int b) => Enumerable.Range(0, a * b).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.5f).ToArray();
        float[] B(int a) => Enumerable.Range(0, a).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.1f).ToArray();
        var g = new GraphBuilder("dense");
        string x = g.Input("input", -1, n);
        string h = g.Relu(g.Gemm(x, W(hidden, n), B(hidden), n, hidden));
        string z = g.Tanh(g.Gemm(h, W(hidden / 2, hidden), B(hidden / 2), hidden, hidden / 2));
        string h2 = g.Relu(g.Gemm(z, W(hidden, hidden / 2), B(hidden), hidden / 2, hidden));
        g.Gemm(h2, W(n, hidden), B(n), hidden, n);
        g.RenameLastOutput("output");
        g.Output("output", -1, n);
        return Write(g, manifest);
    }

    public static byte[] Write(GraphBuilder g, BundleManifest manifest)
    {
        var model = g.Build();
        OnnxModelIO.StampManifest(model, manifest);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    public static Bundle Load(byte[] bytes) => Bundle.Load(bytes, null, new Inference.InferenceSettings());
}
