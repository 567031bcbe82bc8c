using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// Which one-sided FFT bins (k·sample_rate / n_fft) each output value of a <c>spectrum</c> front end
/// sums: single bins, equal-width bands or fractional-octave bands (IEC 61260-1 base-10: G = 10^(3/10),
/// mid-band fₘ = 1000·G^(x/b) for odd b and 1000·G^((2x+1)/(2b)) for even b, edges fₘ·G^(∓1/(2b))).
/// A bin belongs to the band with lower edge ≤ f &lt; upper edge. A band that holds no bin is an error
/// naming the field to change.
/// </summary>
public sealed class SpectrumBandTable
{
    private SpectrumBandTable(int[] start, int[] end, double[] lower, double[] upper)
    {
        Start = start;
        End = end;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>First bin of each band.</summary>
    public int[] Start { get; }
    /// <summary>One past the last bin of each band.</summary>
    public int[] End { get; }
    /// <summary>Band edges in Hz.</summary>
    public double[] Lower { get; }
    public double[] Upper { get; }
    public int Count => Start.Length;

    public static SpectrumBandTable Create(FrontEndSpec spec)
    {
        int bins = spec.NFft / 2 + 1;
        double df = spec.SampleRate / spec.NFft;
        double fmin = spec.Fmin, fmax = spec.UpperFrequency;
        var start = new List<int>();
        var end = new List<int>();
        var lower = new List<double>();
        var upper = new List<double>();
        void Add(double lo, double hi, bool closedTop, string field)
        {
            int first = (int)Math.Ceiling(lo / df - 1e-9);
            int last = closedTop ? (int)Math.Floor(hi / df + 1e-9) : (int)Math.Ceiling(hi / df - 1e-9) - 1;
            first = Math.Max(first, 0);
            last = Math.Min(last, bins - 1);
            if (last < first)
                throw new BundleException(field, FormattableString.Invariant($"the band {lo:0.###}–{hi:0.###} Hz holds no FFT bin (bins are {df:0.###} Hz apart): raise n_fft or widen the bands"));
            start.Add(first);
            end.Add(last + 1);
            lower.Add(lo);
            upper.Add(hi);
        }
        switch (spec.Bands)
        {
            case SpectrumBands.Bins:
                for (int k = 0; k < bins; k++)
                {
                    double f = k * df;
                    if (f < fmin - 1e-9 || f > fmax + 1e-9) continue;
                    start.Add(k);
                    end.Add(k + 1);
                    lower.Add(f);
                    upper.Add(f);
                }
                if (start.Count == 0) throw new BundleException("front_end.fmin", FormattableString.Invariant($"no FFT bin lies in {fmin}–{fmax} Hz"));
                break;
            case SpectrumBands.Linear:
                double width = (fmax - fmin) / spec.BandCount;
                for (int b = 0; b < spec.BandCount; b++)
                    Add(fmin + b * width, b + 1 == spec.BandCount ? fmax : fmin + (b + 1) * width, b + 1 == spec.BandCount, "front_end.band_count");
                break;
            default:
                double g = Math.Pow(10, 0.3);
                int fraction = spec.OctaveFraction;
                double Mid(int x) => fraction % 2 == 1 ? 1000 * Math.Pow(g, (double)x / fraction) : 1000 * Math.Pow(g, (2.0 * x + 1) / (2 * fraction));
                int xMin = (int)Math.Floor(Math.Log(fmin / 1000, g) * fraction) - 2;
                for (int x = xMin; Mid(x) <= fmax * (1 + 1e-9); x++)
                {
                    double mid = Mid(x);
                    if (mid < fmin * (1 - 1e-9)) continue;
                    double edge = Math.Pow(g, 1.0 / (2 * fraction));
                    Add(mid / edge, Math.Min(mid * edge, spec.SampleRate / 2), mid * edge >= spec.SampleRate / 2, "front_end.fmin");
                }
                if (start.Count == 0) throw new BundleException("front_end.fmin", FormattableString.Invariant($"no 1/{fraction}-octave mid-band frequency lies in {fmin}–{fmax} Hz"));
                break;
        }
        return new SpectrumBandTable(start.ToArray(), end.ToArray(), lower.ToArray(), upper.ToArray());
    }
}
