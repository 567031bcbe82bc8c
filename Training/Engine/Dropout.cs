using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>Inverted dropout: in training each value survives with probability 1 − p and is scaled by 1/(1 − p); identity otherwise.</summary>
public sealed class Dropout : Layer
{
    private float[] mask = [];

    public Dropout(int[] shape, float rate) : base(shape, shape)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), $"dropout rate must be in [0, 1), got {rate}");
        Rate = rate;
    }

    public float Rate { get; }

    /// <summary>Keep the previous mask instead of drawing a new one (finite-difference tests).</summary>
    internal bool FreezeMask { get; set; }

    public override void Forward(Compute c, float[] x, float[] y, int n)
    {
        int len = n * InSize;
        if (!c.Training || Rate == 0)
        {
            Array.Copy(x, y, len);
            return;
        }
        if (!FreezeMask || mask.Length < len)
        {
            if (mask.Length < len) mask = new float[len];
            float keep = 1f / (1 - Rate);
            for (int i = 0; i < len; i++) mask[i] = c.Rng.NextDouble() < Rate ? 0f : keep;
        }
        for (int i = 0; i < len; i++) y[i] = x[i] * mask[i];
    }

    public override void Backward(Compute c, float[] x, float[] y, float[] dy, float[]? dx, int n)
    {
        if (dx is null) return;
        int len = n * InSize;
        if (!c.Training || Rate == 0)
        {
            Array.Copy(dy, dx, len);
            return;
        }
        for (int i = 0; i < len; i++) dx[i] = dy[i] * mask[i];
    }

    public override string Export(GraphBuilder g, string input) => input;
}
