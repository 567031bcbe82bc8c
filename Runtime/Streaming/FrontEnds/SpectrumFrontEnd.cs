using System.Numerics.Tensors;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// <c>spectrum</c>: per channel and FFT segment (n_fft samples every hop_length, tapered), the
/// one-sided power per bin P[k] = c_k·|X[k]|² / (n_fft · Σw²), c_k = 2 except at DC and Nyquist —
/// so the bins sum to the mean square of the tapered segment relative to the taper's (Parseval; exact
/// for the rectangular taper, and a pure tone of amplitude A sums to A²/2 under any taper). Bins are
/// summed into bands (band power); <c>average</c> takes the mean over the window's segments (Welch);
/// power 1 reports √(band power) (an RMS amplitude); <c>log</c> reports 20 / power · log10(v + ε).
/// </summary>
public sealed class SpectrumFrontEnd : FrontEnd
{
    private readonly SpectrumBandTable bands;
    private readonly float[] binScale;
    private readonly float[] row;
    private readonly float[] sum;
    private readonly int segments;

    public SpectrumFrontEnd(FrontEndSpec spec, int window, int channels) : base(spec, window, channels)
    {
        bands = SpectrumBandTable.Create(spec);
        segments = spec.Segments(window);
        double taperPower = 0;
        foreach (float w in Taper) taperPower += (double)w * w;
        binScale = new float[Fft.Bins];
        for (int k = 0; k < binScale.Length; k++)
            binScale[k] = (float)((k == 0 || k == binScale.Length - 1 ? 1.0 : 2.0) / (spec.NFft * taperPower));
        row = new float[bands.Count];
        sum = new float[bands.Count];
    }

    public override int Features => bands.Count;

    public SpectrumBandTable Bands => bands;

    protected override void TransformChannel(ReadOnlySpan<float> samples, Span<float> features, int channel)
    {
        if (Spec.Average) sum.AsSpan().Clear();
        for (int s = 0; s < segments; s++)
        {
            PowerSpectrum(samples, s * Spec.HopLength);
            TensorPrimitives.Multiply(Spectrum, binScale, Spectrum);
            for (int b = 0; b < row.Length; b++)
                row[b] = OrderedSum.Sum(Spectrum.AsSpan(bands.Start[b], bands.End[b] - bands.Start[b]));
            if (Spec.Average) TensorPrimitives.Add(sum, row, sum);
            else Finish(row, features, s, channel);
        }
        if (Spec.Average)
        {
            TensorPrimitives.Divide(sum, segments, row);
            Finish(row, features, 0, channel);
        }
    }

    private void Finish(Span<float> values, Span<float> features, int rowIndex, int channel)
    {
        if (Spec.Power == 1) TensorPrimitives.Sqrt(values, values);
        if (Spec.Log)
        {
            TensorPrimitives.Add(values, (float)Spec.LogEpsilon, values);
            TensorPrimitives.Log10(values, values);
            TensorPrimitives.Multiply(values, (float)(20.0 / Spec.Power), values);
        }
        Store(values, features, rowIndex, channel);
    }
}
