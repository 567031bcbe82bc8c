namespace EdgeAE.Runtime.Calibration;

/// <summary>Settings of the input drift monitor written at calibration (<see cref="Detection.DriftDetector"/>).</summary>
public sealed record DriftOptions
{
    /// <summary>δ in reference standard deviations: shifts up to δ are tolerated.</summary>
    public double Delta { get; init; } = 1.0;
    /// <summary>λ in σ × frames: evidence needed before drift is declared (a shift of s σ takes ≈ λ / (s − δ) frames).</summary>
    public double Lambda { get; init; } = 200;

    /// <summary>Throws <see cref="InvalidParameterException"/> naming the first out-of-range parameter by its property name.</summary>
    public void Validate()
    {
        if (!(Delta >= 0) || !double.IsFinite(Delta)) throw new InvalidParameterException(nameof(Delta), $"(the tolerance δ) must be finite and ≥ 0, got {Delta}");
        if (!(Lambda > 0) || !double.IsFinite(Lambda)) throw new InvalidParameterException(nameof(Lambda), $"(the threshold λ) must be finite and > 0, got {Lambda}");
    }
}
