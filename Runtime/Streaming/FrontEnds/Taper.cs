using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>Window functions in their periodic (DFT-even) form, as scipy's <c>get_window(name, N, fftbins=True)</c> and librosa use them.</summary>
public static class Taper
{
    public static float[] Create(WindowFunction function, int n)
    {
        var w = new float[n];
        for (int i = 0; i < n; i++)
        {
            double x = 2 * Math.PI * i / n;
            w[i] = (float)(function switch
            {
                WindowFunction.Hann => 0.5 - 0.5 * Math.Cos(x),
                WindowFunction.Hamming => 0.54 - 0.46 * Math.Cos(x),
                WindowFunction.Blackman => 0.42 - 0.5 * Math.Cos(x) + 0.08 * Math.Cos(2 * x),
                _ => 1.0,
            });
        }
        return w;
    }

    public static string Name(WindowFunction function) => function switch
    {
        WindowFunction.Hann => "hann",
        WindowFunction.Hamming => "hamming",
        WindowFunction.Blackman => "blackman",
        _ => "rectangular",
    };
}
