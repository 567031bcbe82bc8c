using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

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
