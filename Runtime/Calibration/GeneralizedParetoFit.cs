namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// A generalized Pareto distribution fitted to the excesses Y = X − t over an initial threshold t:
/// P(Y &gt; y) = (1 + γ·y/σ)^(−1/γ), or exp(−y/σ) in the γ → 0 (exponential) limit.
/// </summary>
/// <param name="InitialThreshold">t, the empirical quantile the excesses are measured from.</param>
/// <param name="InitialLevel">The quantile level of t (e.g. 0.98).</param>
/// <param name="Shape">γ, the tail index (&gt; 0 heavy tail, 0 exponential, &lt; 0 bounded).</param>
/// <param name="Scale">σ &gt; 0.</param>
/// <param name="Excesses">N_t, the number of samples strictly above t.</param>
/// <param name="Samples">n, the total number of samples.</param>
/// <param name="LogLikelihood">Log-likelihood of the excesses at the fit.</param>
public readonly record struct GeneralizedParetoFit(
    double InitialThreshold, double InitialLevel, double Shape, double Scale, int Excesses, int Samples, double LogLikelihood)
{
    /// <summary>|γ| below this is treated as the exponential limit.</summary>
    public const double ExponentialTolerance = 1e-9;

    /// <summary>
    /// The score exceeded with probability <paramref name="risk"/>:
    /// z_q = t + σ/γ·((q·n/N_t)^(−γ) − 1), or t − σ·ln(q·n/N_t) when γ → 0.
    /// Only meaningful for q &lt; N_t/n (beyond the initial threshold); smaller risks extrapolate the tail.
    /// </summary>
    public double QuantileAtRisk(double risk)
    {
        if (!(risk > 0 && risk < 1)) throw new ArgumentOutOfRangeException(nameof(risk), risk, "risk must be in (0, 1)");
        double r = risk * Samples / Excesses;
        return Math.Abs(Shape) < ExponentialTolerance
            ? InitialThreshold - Scale * Math.Log(r)
            : InitialThreshold + Scale / Shape * (Math.Pow(r, -Shape) - 1);
    }
}
