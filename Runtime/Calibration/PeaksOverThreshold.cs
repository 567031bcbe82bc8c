namespace EdgeAE.Runtime.Calibration;

/// <summary>
/// Peaks over threshold (the static part of SPOT, Siffer et al., KDD 2017): take an initial high
/// empirical quantile t, fit a generalized Pareto distribution to the excesses over t by maximum
/// likelihood, and read off the score exceeded with a target risk.
/// </summary>
/// <remarks>
/// The fit maximises the profile log-likelihood in θ = γ/σ (Grimshaw's reduction to one dimension):
/// for fixed θ the likelihood is maximised by γ̂(θ) = mean ln(1 + θ·Yᵢ), giving
/// ℓ(θ) = −N_t·(ln(γ̂/θ) + γ̂ + 1). Instead of solving Grimshaw's root equation (whose roots are
/// the stationary points of ℓ and which can miss or mis-order them), θ is searched on a log grid over
/// (−1/Y_max, 0) ∪ (0, ∞), refined by golden-section search, and compared with the exponential limit
/// θ → 0 (ℓ₀ = −N_t·(ln Ȳ + 1)). γ ≤ −1 is excluded: there the likelihood is unbounded.
/// </remarks>
public static class PeaksOverThreshold
{
    /// <summary>Fewest excesses a fit is attempted on.</summary>
    public const int MinExcesses = 10;

    /// <summary>Fits the tail of sorted ascending finite scores above their <paramref name="initialLevel"/>-quantile.</summary>
    public static GeneralizedParetoFit Fit(ReadOnlySpan<double> sorted, double initialLevel = 0.98)
    {
        if (!(initialLevel > 0 && initialLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(initialLevel), initialLevel, "the initial POT level must be in (0, 1)");
        double t = Quantiles.OfSorted(sorted, initialLevel);
        int first = sorted.Length;
        while (first > 0 && sorted[first - 1] > t) first--;
        var excess = new double[sorted.Length - first];
        for (int i = 0; i < excess.Length; i++) excess[i] = sorted[first + i] - t;
        if (excess.Length < MinExcesses)
            throw new InputException(
                $"POT needs at least {MinExcesses} scores above the initial {initialLevel}-quantile {t:G6}, found {excess.Length} of {sorted.Length} (use more normal data or a lower initial level)");
        var (shape, scale, ll) = FitExcesses(excess);
        return new GeneralizedParetoFit(t, initialLevel, shape, scale, excess.Length, sorted.Length, ll);
    }

    /// <summary>
    /// The θ search grid as multipliers, ascending: negative ones are divided by Y_max (they approach
    /// the pole −1/Y_max), then 0, then positive ones divided by Ȳ. Data-independent, so it is built
    /// once and a fit allocates nothing (the device refits online).
    /// </summary>
    private static readonly double[] NegativeGrid = BuildNegativeGrid();
    private static readonly double[] PositiveGrid = BuildPositiveGrid();
    private static int GridLength => NegativeGrid.Length + 1 + PositiveGrid.Length;

    private static double[] BuildPositiveGrid()
    {
        var grid = new List<double>();
        for (double e = -6; e <= 6.0001; e += 0.05) grid.Add(Math.Pow(10, e));
        return grid.ToArray();
    }

    private static double[] BuildNegativeGrid()
    {
        var grid = new List<double>();
        for (double e = -6; e < 0; e += 0.05) grid.Add(-Math.Pow(10, e));
        for (int j = 1; j <= 10; j++) grid.Add(-(1 - Math.Pow(10, -j)));
        grid.Sort();
        return grid.ToArray();
    }

    private static double Theta(int i, double mean, double max) =>
        i < NegativeGrid.Length ? NegativeGrid[i] / max
        : i == NegativeGrid.Length ? 0
        : PositiveGrid[i - NegativeGrid.Length - 1] / mean;

    /// <summary>Maximum-likelihood GPD (γ, σ, log-likelihood) for positive excesses. Allocates nothing.</summary>
    public static (double Shape, double Scale, double LogLikelihood) FitExcesses(ReadOnlySpan<double> excesses)
    {
        double mean = 0, max = 0;
        foreach (double y in excesses)
        {
            if (!(y > 0) || !double.IsFinite(y)) throw new ArgumentException("excesses must be finite and > 0", nameof(excesses));
            mean += y;
            max = Math.Max(max, y);
        }
        int n = excesses.Length;
        mean /= n;
        double exponential = -n * (Math.Log(mean) + 1);
        double best = exponential, bestTheta = 0;
        int bestIndex = NegativeGrid.Length;

        // Candidate θ: positive ones relative to 1/Ȳ, negative ones relative to −1/Y_max (up to the pole).
        for (int i = 0; i < GridLength; i++)
        {
            double theta = Theta(i, mean, max);
            double value = theta == 0 ? exponential : ProfileLogLikelihood(excesses, theta);
            if (value > best) { best = value; bestTheta = theta; bestIndex = i; }
        }
        if (bestTheta != 0)
        {
            double lo = Theta(Math.Max(0, bestIndex - 1), mean, max), hi = Theta(Math.Min(GridLength - 1, bestIndex + 1), mean, max);
            double refined = GoldenSectionMax(excesses, lo, hi);
            double value = ProfileLogLikelihood(excesses, refined);
            if (value > best) { best = value; bestTheta = refined; }
        }
        if (bestTheta == 0) return (0, mean, best);
        double shape = MeanLog1p(excesses, bestTheta);
        if (Math.Abs(shape) < GeneralizedParetoFit.ExponentialTolerance) return (0, mean, -n * (Math.Log(mean) + 1));
        return (shape, shape / bestTheta, best);
    }

    /// <summary>ℓ(θ) = −n·(ln(γ̂/θ) + γ̂ + 1); −∞ where the GPD is invalid (1 + θY ≤ 0, or γ̂ ≤ −1).</summary>
    internal static double ProfileLogLikelihood(ReadOnlySpan<double> excesses, double theta)
    {
        double gamma = MeanLog1p(excesses, theta);
        if (double.IsNaN(gamma) || gamma <= -1 || gamma == 0) return double.NegativeInfinity;
        double sigma = gamma / theta;
        if (!(sigma > 0) || !double.IsFinite(sigma)) return double.NegativeInfinity;
        return -excesses.Length * (Math.Log(sigma) + gamma + 1);
    }

    private static double MeanLog1p(ReadOnlySpan<double> excesses, double theta)
    {
        double sum = 0;
        foreach (double y in excesses)
        {
            double a = theta * y;
            if (a <= -1) return double.NaN;
            sum += Math.Log(1 + a);
        }
        return sum / excesses.Length;
    }

    private static double GoldenSectionMax(ReadOnlySpan<double> excesses, double lo, double hi)
    {
        const double r = 0.6180339887498949;
        double a = lo, b = hi;
        double c = b - r * (b - a), d = a + r * (b - a);
        double fc = ProfileLogLikelihood(excesses, c), fd = ProfileLogLikelihood(excesses, d);
        for (int i = 0; i < 80 && Math.Abs(b - a) > 1e-12 * Math.Max(1, Math.Abs(a) + Math.Abs(b)); i++)
        {
            if (fc >= fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = ProfileLogLikelihood(excesses, c); }
            else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = ProfileLogLikelihood(excesses, d); }
        }
        return fc >= fd ? c : d;
    }
}
