using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

/// <summary>
/// The variational bottleneck: μ and log σ² heads on the encoder output, z = μ + exp(½·logvar)·ε in
/// training (ε drawn serially from the run's RNG), z = μ at inference and in the exported graph.
/// KL(q‖N(0,1)) per latent unit, averaged over the batch, weighted by β/D (D = values per window,
/// matching the per-element mean of the reconstruction loss); free bits: a unit whose batch-mean KL
/// is under the floor contributes the floor and no gradient.
/// </summary>
public sealed class VaeHead
{
    private float[] mu = [], logvar = [], eps = [], z = [], dMu = [], dLogvar = [], dh1 = [], dh2 = [];

    public VaeHead(AffineLayer muLayer, AffineLayer logvarLayer)
    {
        if (muLayer.InSize != logvarLayer.InSize || muLayer.OutSize != logvarLayer.OutSize)
            throw new ArgumentException("μ and log-variance heads must have the same shapes");
        Mu = muLayer;
        LogVar = logvarLayer;
    }

    public AffineLayer Mu { get; }
    public AffineLayer LogVar { get; }
    public int LatentSize => Mu.OutSize;
    public IEnumerable<Parameter> Parameters => Mu.Parameters.Concat(LogVar.Parameters);
    public float[] LastMu => mu;
    public float[] LastLogVar => logvar;

    /// <summary>Freeze ε between calls (finite-difference tests).</summary>
    internal bool FreezeNoise { get; set; }

    public float[] Forward(Compute c, float[] h, int n)
    {
        int k = LatentSize, len = n * k;
        Grow(ref mu, len); Grow(ref logvar, len); Grow(ref z, len);
        Mu.Forward(c, h, mu, n);
        LogVar.Forward(c, h, logvar, n);
        if (!c.Training)
        {
            Array.Copy(mu, z, len);
            return z;
        }
        if (!FreezeNoise || eps.Length < len)
        {
            Grow(ref eps, len);
            for (int i = 0; i < len; i++) eps[i] = (float)c.Rng.NextGaussian();
        }
        for (int i = 0; i < len; i++) z[i] = mu[i] + MathF.Exp(0.5f * logvar[i]) * eps[i];
        return z;
    }

    /// <summary>Per-unit batch-mean KL of the last forward.</summary>
    public double[] UnitKl(int n)
    {
        int k = LatentSize;
        var kl = new double[k];
        for (int s = 0; s < n; s++)
            for (int j = 0; j < k; j++)
            {
                double m = mu[s * k + j], lv = logvar[s * k + j];
                kl[j] += 0.5 * (m * m + Math.Exp(lv) - 1 - lv);
            }
        for (int j = 0; j < k; j++) kl[j] /= n;
        return kl;
    }

    /// <summary>The KL term (weight·Σ max(KL_j, freeBits)) of the last forward.</summary>
    public double KlTerm(int n, double weight, double freeBits) => weight * UnitKl(n).Sum(v => Math.Max(v, freeBits));

    /// <summary>Back-propagates dL/dz plus the KL term's gradient; returns dL/dh. Returns the KL term.</summary>
    public double Backward(Compute c, float[] h, float[] dz, int n, double weight, double freeBits, out float[] dh)
    {
        int k = LatentSize, len = n * k;
        Grow(ref dMu, len); Grow(ref dLogvar, len);
        var kl = UnitKl(n);
        double term = 0;
        for (int j = 0; j < k; j++) term += Math.Max(kl[j], freeBits);
        for (int s = 0; s < n; s++)
            for (int j = 0; j < k; j++)
            {
                int i = s * k + j;
                bool active = kl[j] > freeBits;
                double std = Math.Exp(0.5 * logvar[i]);
                double gMu = dz[i], gLv = dz[i] * eps[i] * 0.5 * std;
                if (active)
                {
                    gMu += weight * mu[i] / n;
                    gLv += weight * 0.5 * (Math.Exp(logvar[i]) - 1) / n;
                }
                dMu[i] = (float)gMu;
                dLogvar[i] = (float)gLv;
            }
        int hs = n * Mu.InSize;
        Grow(ref dh1, hs); Grow(ref dh2, hs);
        Mu.Backward(c, h, mu, dMu, dh1, n);
        LogVar.Backward(c, h, logvar, dLogvar, dh2, n);
        for (int i = 0; i < hs; i++) dh1[i] += dh2[i];
        dh = dh1;
        return weight * term;
    }

    private static void Grow(ref float[] a, int size)
    {
        if (a.Length < size) a = new float[size];
    }
}
