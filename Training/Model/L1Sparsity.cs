using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

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
