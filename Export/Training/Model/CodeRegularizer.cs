using EdgeAE.Export.Training.Engine;

namespace EdgeAE.Export.Training.Model;

/// <summary>A penalty on the code z (n × K): adds its value to the objective and its gradient to dL/dz.</summary>
public abstract class CodeRegularizer
{
    /// <summary>Returns the penalty of the last forward and adds d(penalty)/dz to <paramref name="dz"/> (and any direct parameter gradients).</summary>
    public abstract double Apply(float[] z, float[] dz, int n, int k);
}

/// <summary>Sparse code by L1: λ · mean |z|.</summary>
public sealed class L1Sparsity(double weight) : CodeRegularizer
{
    public double Weight { get; } = weight;

    public override double Apply(float[] z, float[] dz, int n, int k)
    {
        int len = n * k;
        double sum = 0, g = Weight / len;
        for (int i = 0; i < len; i++)
        {
            sum += Math.Abs(z[i]);
            dz[i] += (float)(g * Math.Sign(z[i]));
        }
        return Weight * sum / len;
    }
}

/// <summary>
/// Sparse code by target activation rate: λ · Σ_j KL(ρ ‖ ρ̂_j), ρ̂_j the batch-mean activation of unit j.
/// The code must lie in (0, 1) (a sigmoid code layer).
/// </summary>
public sealed class KlSparsity(double weight, double rho) : CodeRegularizer
{
    public double Weight { get; } = weight;
    public double Rho { get; } = rho;

    public override double Apply(float[] z, float[] dz, int n, int k)
    {
        double total = 0;
        for (int j = 0; j < k; j++)
        {
            double mean = 0;
            for (int s = 0; s < n; s++) mean += z[s * k + j];
            mean = Math.Clamp(mean / n, 1e-6, 1 - 1e-6);
            total += Rho * Math.Log(Rho / mean) + (1 - Rho) * Math.Log((1 - Rho) / (1 - mean));
            double g = Weight * (-Rho / mean + (1 - Rho) / (1 - mean)) / n;
            for (int s = 0; s < n; s++) dz[s * k + j] += (float)g;
        }
        return Weight * total;
    }
}

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
