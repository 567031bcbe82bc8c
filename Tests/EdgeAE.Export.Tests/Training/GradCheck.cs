using EdgeAE.Training.Engine;

namespace EdgeAE.Export.Tests.Training;

/// <summary>
/// Central finite differences against analytic gradients. The probe objective is f = Σ r·y with a
/// fixed random r (so dL/dy = r), accumulated in double; linear maps are exact under central
/// differences, smooth nonlinear ones are off by O(ε²).
/// </summary>
internal static class GradCheck
{
    public static float[] Random(Rng rng, int length, float scale = 1f)
    {
        var a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float)(rng.NextGaussian() * scale);
        return a;
    }

    public static double Probe(Layer layer, Compute c, float[] x, float[] r, int n)
    {
        var y = new float[n * layer.OutSize];
        layer.Forward(c, x, y, n);
        double f = 0;
        for (int i = 0; i < y.Length; i++) f += (double)r[i] * y[i];
        return f;
    }

    /// <summary>Checks dL/dx and every parameter's gradient of one layer (sampled when large).</summary>
    public static void CheckLayer(Layer layer, int n, Compute c, Rng rng, float eps = 1e-2f, double tolerance = 1e-2, Func<float[], float[]>? shapeInput = null)
    {
        var x = Random(rng, n * layer.InSize);
        if (shapeInput is not null) x = shapeInput(x);
        var r = Random(rng, n * layer.OutSize);
        foreach (var p in layer.Parameters) p.ZeroGrad();
        var y = new float[n * layer.OutSize];
        layer.Forward(c, x, y, n);
        var dx = new float[n * layer.InSize];
        layer.Backward(c, x, y, r, dx, n);
        var grads = layer.Parameters.Select(p => (float[])p.Grad.Clone()).ToArray();

        foreach (int i in Indices(x.Length, 40, rng))
        {
            float keep = x[i];
            x[i] = keep + eps; double fp = Probe(layer, c, x, r, n);
            x[i] = keep - eps; double fm = Probe(layer, c, x, r, n);
            x[i] = keep;
            AssertClose(dx[i], (fp - fm) / (2 * eps), tolerance, $"{layer} dx[{i}]");
        }
        int k = 0;
        foreach (var p in layer.Parameters)
        {
            var g = grads[k++];
            foreach (int i in Indices(p.Size, 40, rng))
            {
                float keep = p.Value[i];
                p.Value[i] = keep + eps; double fp = Probe(layer, c, x, r, n);
                p.Value[i] = keep - eps; double fm = Probe(layer, c, x, r, n);
                p.Value[i] = keep;
                AssertClose(g[i], (fp - fm) / (2 * eps), tolerance, $"{layer} {p.Name}[{i}]");
            }
        }
    }

    public static IEnumerable<int> Indices(int length, int max, Rng rng)
    {
        if (length <= max) return Enumerable.Range(0, length);
        return Enumerable.Range(0, max).Select(_ => rng.NextInt(length)).Distinct();
    }

    public static void AssertClose(double analytic, double numeric, double tolerance, string what)
    {
        double scale = Math.Max(1.0, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
        Assert.That(Math.Abs(analytic - numeric), Is.LessThanOrEqualTo(tolerance * scale), $"{what}: analytic {analytic}, numeric {numeric}");
    }
}
