using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Tests.FrontEnds;

/// <summary>Front ends as the tests use them.</summary>
internal static class FrontEndSpecs
{
    /// <summary>DCASE 2020 / MLPerf Tiny AD: 16 kHz, n_fft 1024, hop 512, 128 mels, power 2, 5 frames.</summary>
    public static FrontEndSpec Dcase(int frames = 5, int nMels = 128) => new()
    {
        Kind = FrontEndKind.LogMel,
        SampleRate = 16000,
        NFft = 1024,
        HopLength = 512,
        NMels = nMels,
        Power = 2.0,
        Frames = frames,
    };

    public static FrontEndSpec Spectrum(double sampleRate, int nFft, int hop, SpectrumBands bands = SpectrumBands.Bins, WindowFunction taper = WindowFunction.Rectangular,
        bool average = true, double power = 2, bool log = false, int bandCount = 0, int fraction = 0, double fmin = 0, double fmax = 0) => new()
        {
            Kind = FrontEndKind.Spectrum,
            SampleRate = sampleRate,
            NFft = nFft,
            HopLength = hop,
            WindowFunction = taper,
            Bands = bands,
            BandCount = bandCount,
            OctaveFraction = fraction,
            Average = average,
            Power = power,
            Log = log,
            Fmin = fmin,
            Fmax = fmax,
        };
}
