using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>A chain of layers with its activation and gradient buffers (grown to the largest batch seen).</summary>
public sealed class Sequential
{
    private readonly Layer[] layers;
    private readonly float[][] acts;
    private readonly float[][] grads;
    private float[]? input;

    public Sequential(IEnumerable<Layer> layers)
    {
        this.layers = layers.ToArray();
        if (this.layers.Length == 0) throw new ArgumentException("a sequential block needs at least one layer");
        for (int i = 1; i < this.layers.Length; i++)
            if (this.layers[i].InSize != this.layers[i - 1].OutSize)
                throw new ArgumentException($"{this.layers[i - 1]} does not feed {this.layers[i]}");
        acts = new float[this.layers.Length][];
        grads = new float[this.layers.Length][];
        for (int i = 0; i < this.layers.Length; i++)
        {
            acts[i] = [];
            grads[i] = [];
        }
    }

    public IReadOnlyList<Layer> Layers => layers;
    public int InSize => layers[0].InSize;
    public int OutSize => layers[^1].OutSize;
    public int[] InShape => layers[0].InShape;
    public int[] OutShape => layers[^1].OutShape;
    public IEnumerable<Parameter> Parameters => layers.SelectMany(l => l.Parameters);
    public IEnumerable<float[]> Buffers => layers.SelectMany(l => l.Buffers);

    /// <summary>Runs the chain; the returned array (n × OutSize valid) is owned by the block until the next call.</summary>
    public float[] Forward(Compute c, float[] x, int n)
    {
        input = x;
        float[] current = x;
        for (int i = 0; i < layers.Length; i++)
        {
            Ensure(ref acts[i], n * layers[i].OutSize);
            layers[i].Forward(c, current, acts[i], n);
            current = acts[i];
        }
        return current;
    }

    /// <summary>Back-propagates dL/dOutput; returns dL/dInput (or null when not wanted). Parameter gradients accumulate.</summary>
    public float[]? Backward(Compute c, float[] dOut, int n, bool wantInputGrad)
    {
        float[] dy = dOut;
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            float[] x = i == 0 ? input! : acts[i - 1];
            float[]? dx = null;
            if (i > 0 || wantInputGrad)
            {
                Ensure(ref grads[i], n * layers[i].InSize);
                dx = grads[i];
            }
            layers[i].Backward(c, x, acts[i], dy, dx, n);
            if (dx is null) return null;
            dy = dx;
        }
        return dy;
    }

    /// <summary>Inference graph; a batch norm right after an affine layer is folded into it.</summary>
    public string Export(GraphBuilder g, string input)
    {
        string x = input;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is AffineLayer affine && i + 1 < layers.Length && layers[i + 1] is BatchNorm bn)
            {
                var (scale, shift) = bn.InferenceAffine();
                x = affine.Export(g, x, scale, shift);
                i++;
                continue;
            }
            x = layers[i].Export(g, x);
        }
        return x;
    }

    private static void Ensure(ref float[] buffer, int size)
    {
        if (buffer.Length < size) buffer = new float[size];
    }
}
