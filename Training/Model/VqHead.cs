using EdgeAE.Onnx;
using EdgeAE.Runtime;
using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

/// <summary>
/// The VQ-VAE bottleneck: every code vector (the channel vector at each position of a [C, ...]
/// code; the whole code for dense) is replaced by its nearest codebook entry. Gradients pass
/// straight through to the encoder; the objective adds the codebook term ‖sg(z) − e‖² and the
/// commitment term β·‖z − sg(e)‖², both as means over code elements. The codebook starts from
/// encoder outputs of the first batch (random draws from the run's RNG), which avoids dead entries.
/// Nearest is computed as argmin_k (‖e_k‖² − 2 z·e_k), the same expression the exported graph
/// evaluates (MatMul, Add, ArgMin, Gather), so both pick the same entries.
/// </summary>
public sealed class VqHead
{
    private readonly Parameter codebook;
    private readonly int[] shape;
    private int[] assignment = [];
    private float[] quantized = [];
    private float[] dz = [];
    private bool initialized;

    public VqHead(int[] codeShape, int entries, double commitment)
    {
        if (entries < 2) throw new InvalidParameterException(nameof(TrainingOptions.CodebookSize), $"must be at least 2 entries, got {entries}");
        shape = codeShape;
        Dim = codeShape[0];
        Positions = codeShape.Skip(1).Aggregate(1, (a, b) => a * b);
        Entries = entries;
        Commitment = commitment;
        codebook = new Parameter("codebook", entries * Dim, decay: false);
    }

    public int Dim { get; }
    public int Positions { get; }
    public int Entries { get; }
    public double Commitment { get; }
    public int CodeSize => Dim * Positions;
    public Parameter Codebook => codebook;
    public IEnumerable<Parameter> Parameters => [codebook];
    /// <summary>Codebook entry chosen for each (sample, position) of the last forward.</summary>
    public int[] LastAssignment => assignment;

    public float[] Forward(Compute c, float[] z, int n)
    {
        if (!initialized && c.Training) InitializeFrom(z, n, c.Rng);
        int len = n * CodeSize;
        if (quantized.Length < len) quantized = new float[len];
        if (assignment.Length < n * Positions) assignment = new int[n * Positions];
        float[] e = codebook.Value;
        var norms = new float[Entries];
        for (int k = 0; k < Entries; k++)
        {
            float s = 0;
            for (int d = 0; d < Dim; d++) s += e[k * Dim + d] * e[k * Dim + d];
            norms[k] = s;
        }
        for (int s = 0; s < n; s++)
            for (int p = 0; p < Positions; p++)
            {
                int best = 0;
                float bestDistance = float.PositiveInfinity;
                for (int k = 0; k < Entries; k++)
                {
                    float dot = 0;
                    for (int d = 0; d < Dim; d++) dot += z[s * CodeSize + d * Positions + p] * e[k * Dim + d];
                    float distance = norms[k] - 2 * dot;
                    if (distance < bestDistance) { bestDistance = distance; best = k; }
                }
                assignment[s * Positions + p] = best;
                for (int d = 0; d < Dim; d++) quantized[s * CodeSize + d * Positions + p] = e[best * Dim + d];
            }
        return quantized;
    }

    private void InitializeFrom(float[] z, int n, Rng rng)
    {
        float[] e = codebook.Value;
        for (int k = 0; k < Entries; k++)
        {
            int s = rng.NextInt(n), p = rng.NextInt(Positions);
            for (int d = 0; d < Dim; d++) e[k * Dim + d] = z[s * CodeSize + d * Positions + p] + (float)(1e-3 * rng.NextGaussian());
        }
        initialized = true;
    }

    /// <summary>The codebook + commitment terms of the last forward (z: the encoder output it quantized).</summary>
    public double Term(float[] z, int n)
    {
        int len = n * CodeSize;
        double sum = 0;
        for (int i = 0; i < len; i++) { double d = (double)z[i] - quantized[i]; sum += d * d; }
        return (1 + Commitment) * sum / len;
    }

    /// <summary>Straight-through backward: dL/dz_e = dL/dz_q + commitment gradient; adds the codebook gradient. Returns the terms.</summary>
    public double Backward(float[] z, float[] dzq, int n, out float[] dh)
    {
        int len = n * CodeSize;
        if (dz.Length < len) dz = new float[len];
        float[] g = codebook.Grad;
        double scale = 2.0 / len;
        for (int s = 0; s < n; s++)
            for (int p = 0; p < Positions; p++)
            {
                int k = assignment[s * Positions + p];
                for (int d = 0; d < Dim; d++)
                {
                    int i = s * CodeSize + d * Positions + p;
                    double diff = (double)z[i] - quantized[i];
                    dz[i] = (float)(dzq[i] + Commitment * scale * diff);
                    g[k * Dim + d] -= (float)(scale * diff);
                }
            }
        dh = dz;
        return Term(z, n);
    }

    /// <summary>Nearest-entry lookup as ONNX ops on a [N, C, ...] (or dense [N, C]) code.</summary>
    public string Export(GraphBuilder g, string input)
    {
        int rank = shape.Length + 1;
        // Move the channel axis last: [N, positions..., C].
        long[] toLast = [0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i), 1];
        long[] back = [0, rank - 1, .. Enumerable.Range(1, rank - 2).Select(i => (long)i)];
        string x = rank > 2 ? g.Transpose(input, toLast) : input;
        float[] e = codebook.Value;
        var minus2Et = new float[Dim * Entries];
        var norms = new float[Entries];
        for (int k = 0; k < Entries; k++)
            for (int d = 0; d < Dim; d++)
            {
                minus2Et[d * Entries + k] = -2 * e[k * Dim + d];
                norms[k] += e[k * Dim + d] * e[k * Dim + d];
            }
        string scores = g.Node("MatMul", [x, g.Weight("vq_m2et", minus2Et, Dim, Entries)]);
        scores = g.Add(scores, g.Weight("vq_norms", norms, Entries));
        string index = g.Node("ArgMin", [scores], Attr.Int("axis", rank - 1), Attr.Int("keepdims", 0));
        string q = g.Node("Gather", [g.Weight("vq_codebook", e, Entries, Dim), index], Attr.Int("axis", 0));
        return rank > 2 ? g.Transpose(q, back) : q;
    }
}
