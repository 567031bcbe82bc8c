using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

/// <summary>
/// Contractive penalty for a one-layer sigmoid encoder h = σ(W·x + b): the exact squared Frobenius
/// norm of ∂h/∂x, ‖J‖² = Σ_j (h_j(1 − h_j))² Σ_i W_ji², weighted by λ and averaged over the batch.
/// Its gradient reaches W twice: through h (added to dL/dh, then back through σ and W·x) and
/// directly through Σ_i W_ji² (added to W's gradient here).
/// </summary>
public sealed class ContractivePenalty(Dense encoder, double weight) : CodeRegularizer
{
    public Dense Encoder { get; } = encoder;
    public double Weight { get; } = weight;

    public override double Apply(float[] z, float[] dz, int n, int k)
    {
        int inF = Encoder.In;
        float[] w = Encoder.Weight.Value, gw = Encoder.Weight.Grad;
        var rowNorm = new double[k];
        for (int j = 0; j < k; j++)
        {
            double s2 = 0;
            for (int i = 0; i < inF; i++) s2 += (double)w[j * inF + i] * w[j * inF + i];
            rowNorm[j] = s2;
        }
        double total = 0, scale = Weight / n;
        var direct = new double[k];
        for (int s = 0; s < n; s++)
            for (int j = 0; j < k; j++)
            {
                double h = z[s * k + j], d = h * (1 - h);
                total += d * d * rowNorm[j];
                direct[j] += d * d;
                dz[s * k + j] += (float)(scale * 2 * d * (1 - 2 * h) * rowNorm[j]);
            }
        for (int j = 0; j < k; j++)
        {
            double g = scale * 2 * direct[j];
            for (int i = 0; i < inF; i++) gw[j * inF + i] += (float)(g * w[j * inF + i]);
        }
        return scale * total;
    }
}
