namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// librosa's <c>filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney')</c>: triangular
/// filters on the Slaney mel scale (linear below 1 kHz at 200/3 Hz per mel, logarithmic above with
/// step ln(6.4)/27), n_mels + 2 points equally spaced in mel, each filter scaled by 2 / (its upper −
/// lower edge in Hz) so that it has unit area. Computed in double as librosa does, then stored as
/// float32 (librosa's default dtype), keeping only each filter's non-zero bins.
/// </summary>
public sealed class MelFilterBank
{
    private const double LinearHzPerMel = 200.0 / 3;
    private const double BreakHz = 1000;
    private const double BreakMel = BreakHz / LinearHzPerMel;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    private MelFilterBank(int[] start, float[][] weights, double[] edges)
    {
        Start = start;
        Weights = weights;
        EdgesHz = edges;
    }

    /// <summary>First FFT bin with a non-zero weight, per filter.</summary>
    public int[] Start { get; }
    /// <summary>The filter's weights from <see cref="Start"/> on (empty when it covers no bin).</summary>
    public float[][] Weights { get; }
    /// <summary>The n_mels + 2 filter edges in Hz (filter m rises from edge m, peaks at m + 1, falls to m + 2).</summary>
    public double[] EdgesHz { get; }
    public int Count => Start.Length;

    public static double HzToMel(double hz) => hz >= BreakHz ? BreakMel + Math.Log(hz / BreakHz) / LogStep : hz / LinearHzPerMel;

    public static double MelToHz(double mel) => mel >= BreakMel ? BreakHz * Math.Exp(LogStep * (mel - BreakMel)) : LinearHzPerMel * mel;

    public static MelFilterBank Create(double sampleRate, int nFft, int nMels, double fmin, double fmax)
    {
        int bins = nFft / 2 + 1;
        double melMin = HzToMel(fmin), melMax = HzToMel(fmax);
        var edges = new double[nMels + 2];
        // numpy.linspace: start + i·step, the last point exactly stop.
        double step = (melMax - melMin) / (nMels + 1);
        for (int i = 0; i < edges.Length; i++) edges[i] = MelToHz(i == edges.Length - 1 ? melMax : melMin + i * step);
        var start = new int[nMels];
        var weights = new float[nMels][];
        var row = new float[bins];
        for (int m = 0; m < nMels; m++)
        {
            double lowerWidth = edges[m + 1] - edges[m], upperWidth = edges[m + 2] - edges[m + 1];
            double norm = 2.0 / (edges[m + 2] - edges[m]);
            int first = -1, last = -1;
            for (int k = 0; k < bins; k++)
            {
                double f = k * (1.0 / (nFft * (1.0 / sampleRate)));   // numpy.fft.rfftfreq
                double lower = (f - edges[m]) / lowerWidth;
                double upper = (edges[m + 2] - f) / upperWidth;
                // librosa stores the triangle in float32, then scales it in place by the float64 norm.
                float triangle = (float)Math.Max(0, Math.Min(lower, upper));
                row[k] = (float)(triangle * norm);
                if (row[k] != 0)
                {
                    if (first < 0) first = k;
                    last = k;
                }
            }
            start[m] = Math.Max(first, 0);
            weights[m] = first < 0 ? [] : row.AsSpan(first, last - first + 1).ToArray();
        }
        return new MelFilterBank(start, weights, edges);
    }
}
