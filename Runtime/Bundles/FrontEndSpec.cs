using System.Text.Json.Serialization;

namespace EdgeAE.Runtime.Bundles;

/// <summary>What the front end computes from a window of raw samples.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FrontEndKind>))]
public enum FrontEndKind
{
    /// <summary>Per channel: a windowed FFT spectrum (magnitude or power, optional log), in bins, linear bands or fractional-octave bands.</summary>
    [JsonStringEnumMemberName("spectrum")] Spectrum,
    /// <summary>Per channel: the DCASE / MLPerf Tiny log-mel spectrogram (librosa's Slaney mel filter bank), <c>frames</c> frames stacked.</summary>
    [JsonStringEnumMemberName("logmel")] LogMel,
}

/// <summary>The taper applied to each FFT segment (periodic forms, as scipy's <c>get_window(..., fftbins=True)</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WindowFunction>))]
public enum WindowFunction
{
    [JsonStringEnumMemberName("hann")] Hann,
    [JsonStringEnumMemberName("hamming")] Hamming,
    [JsonStringEnumMemberName("blackman")] Blackman,
    [JsonStringEnumMemberName("rectangular")] Rectangular,
}

/// <summary>How a spectrum's FFT bins are aggregated.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpectrumBands>))]
public enum SpectrumBands
{
    /// <summary>Every bin from fmin to fmax.</summary>
    [JsonStringEnumMemberName("bins")] Bins,
    /// <summary><c>band_count</c> bands of equal width between fmin and fmax.</summary>
    [JsonStringEnumMemberName("linear")] Linear,
    /// <summary>1/<c>octave_fraction</c>-octave bands (IEC 61260 base-10 mid-band frequencies) between fmin and fmax.</summary>
    [JsonStringEnumMemberName("octave")] Octave,
}

/// <summary>
/// The manifest's <c>front_end</c>: a window-level transform between window assembly and the model
/// input. The window (W frames of C channels, after the per-frame preprocessing stages and the
/// normalization) becomes <see cref="Rows"/> rows of <see cref="Features"/> values per channel, laid
/// out row-major, feature-major, channel fastest ([row][feature][channel]); the model and the score
/// see a window of <see cref="ModelWindow"/> = rows · features positions of C channels. Absent = the
/// raw window goes to the model (bundles written before front ends existed). <c>edgeae</c> and the
/// device compute it with the same code (<see cref="Streaming.FrontEnds.FrontEnd"/>).
/// </summary>
public sealed class FrontEndSpec
{
    /// <summary>DCASE's ε: Python's <c>sys.float_info.epsilon</c>.</summary>
    public const double DcaseEpsilon = 2.220446049250313e-16;

    public FrontEndKind Kind { get; set; }
    /// <summary>Samples per second of the stream (Hz): sets the bins' frequencies.</summary>
    public double SampleRate { get; set; }
    public WindowFunction WindowFunction { get; set; } = WindowFunction.Hann;
    /// <summary>FFT length in samples (a power of two).</summary>
    [JsonPropertyName("n_fft")] public int NFft { get; set; }
    /// <summary>Samples between the starts of consecutive FFT segments inside the window.</summary>
    public int HopLength { get; set; }
    /// <summary>Exponent of the magnitude: 1 = magnitude, 2 = power.</summary>
    public double Power { get; set; } = 2.0;
    /// <summary>spectrum: take 20 / power · log10(x + log_epsilon) (dB); logmel always does.</summary>
    public bool Log { get; set; }
    public double LogEpsilon { get; set; } = DcaseEpsilon;
    /// <summary>Lowest and highest frequency kept (Hz); fmax 0 = sample_rate / 2.</summary>
    public double Fmin { get; set; }
    public double Fmax { get; set; }
    /// <summary>spectrum: how bins are aggregated.</summary>
    public SpectrumBands Bands { get; set; } = SpectrumBands.Bins;
    /// <summary>spectrum, linear bands: how many.</summary>
    public int BandCount { get; set; }
    /// <summary>spectrum, octave bands: 1 = octaves, 3 = third octaves, …</summary>
    public int OctaveFraction { get; set; }
    /// <summary>spectrum: true = the mean of the window's segment spectra (Welch), one row; false = one row per segment.</summary>
    public bool Average { get; set; }
    /// <summary>logmel: mel bands.</summary>
    [JsonPropertyName("n_mels")] public int NMels { get; set; }
    /// <summary>logmel: consecutive frames stacked into one model input.</summary>
    public int Frames { get; set; }

    /// <summary>FFT segments in a window of <paramref name="window"/> samples.</summary>
    public int Segments(int window) => window < NFft || HopLength < 1 ? 0 : (window - NFft) / HopLength + 1;

    /// <summary>Rows of the front end's output for one window.</summary>
    public int Rows(int window) => Kind == FrontEndKind.LogMel ? Frames : Average ? 1 : Segments(window);

    /// <summary>Values per row and channel: bands, bins or mels (computed from the fields; validate first).</summary>
    public int Features => Kind == FrontEndKind.LogMel ? NMels : Streaming.FrontEnds.SpectrumBandTable.Create(this).Count;

    /// <summary>Positions per channel the model sees: rows · features.</summary>
    public int ModelWindow(int window) => Rows(window) * Features;

    /// <summary>The shortest window the front end takes whole: logmel n_fft + (frames − 1)·hop_length, spectrum n_fft.</summary>
    public int NaturalWindow => Kind == FrontEndKind.LogMel ? NFft + (Frames - 1) * HopLength : NFft;

    /// <summary>The upper frequency actually used.</summary>
    public double UpperFrequency => Fmax > 0 ? Fmax : SampleRate / 2;

    public bool SameAs(FrontEndSpec? other) =>
        other is not null && ManifestJson.SerializeFrontEnd(this) == ManifestJson.SerializeFrontEnd(other);

    public override string ToString() => Kind == FrontEndKind.LogMel
        ? FormattableString.Invariant($"logmel(sample_rate {SampleRate}, n_fft {NFft}, hop_length {HopLength}, n_mels {NMels}, power {Power}, frames {Frames})")
        : FormattableString.Invariant($"spectrum(sample_rate {SampleRate}, n_fft {NFft}, hop_length {HopLength}, {(Power == 1 ? "magnitude" : "power")}{(Log ? " dB" : "")}, {Name(Bands)}{(Bands == SpectrumBands.Linear ? $" {BandCount}" : Bands == SpectrumBands.Octave ? $" 1/{OctaveFraction}" : "")}, {Fmin}–{UpperFrequency} Hz{(Average ? ", averaged" : "")})");

    public static string Name(SpectrumBands bands) => bands switch
    {
        SpectrumBands.Bins => "bins",
        SpectrumBands.Linear => "linear",
        _ => "octave",
    };
}
