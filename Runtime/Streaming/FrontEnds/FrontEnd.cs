using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// The manifest's <c>front_end</c> as code: turns one window (W frames × C channels, time-major,
/// after the preprocessing stages and the normalization) into the model's input values, laid out
/// [row][feature][channel]. <see cref="WindowAssembler"/> owns one, so training, quantization,
/// calibration, offline scoring and the device compute identical features. Every buffer is allocated
/// in the constructor: a window costs no allocation. Not thread-safe.
/// </summary>
public abstract class FrontEnd
{
    private readonly float[] signal;

    protected FrontEnd(FrontEndSpec spec, int window, int channels)
    {
        Spec = spec;
        Window = window;
        Channels = channels;
        Rows = spec.Rows(window);
        Fft = new RealFft(spec.NFft);
        Taper = Streaming.FrontEnds.Taper.Create(spec.WindowFunction, spec.NFft);
        signal = new float[window];
        Segment = new float[spec.NFft];
        Real = new float[Fft.Bins];
        Imaginary = new float[Fft.Bins];
        Spectrum = new float[Fft.Bins];
    }

    public static FrontEnd Create(FrontEndSpec spec, int window, int channels) => spec.Kind switch
    {
        FrontEndKind.LogMel => new LogMelFrontEnd(spec, window, channels),
        _ => new SpectrumFrontEnd(spec, window, channels),
    };

    public FrontEndSpec Spec { get; }
    public int Window { get; }
    public int Channels { get; }
    public int Rows { get; }
    public abstract int Features { get; }

    /// <summary>Positions per channel the model sees (rows · features).</summary>
    public int ModelWindow => Rows * Features;

    /// <summary>Values written per window (rows · features · channels).</summary>
    public int OutputValues => ModelWindow * Channels;

    protected RealFft Fft { get; }
    protected float[] Taper { get; }
    protected float[] Segment { get; }
    protected float[] Real { get; }
    protected float[] Imaginary { get; }
    /// <summary>|X[k]|² of the last segment, k = 0..n_fft/2.</summary>
    protected float[] Spectrum { get; }

    /// <summary>Computes the features of <paramref name="window"/> (W·C values, time-major) into <paramref name="features"/> (<see cref="OutputValues"/>).</summary>
    public void Transform(ReadOnlySpan<float> window, Span<float> features)
    {
        if (window.Length != Window * Channels) throw new ArgumentException($"expected {Window * Channels} window values, got {window.Length}", nameof(window));
        if (features.Length < OutputValues) throw new ArgumentException($"expected room for {OutputValues} features, got {features.Length}", nameof(features));
        for (int c = 0; c < Channels; c++)
        {
            if (Channels == 1) window.CopyTo(signal);
            else
                for (int t = 0; t < Window; t++) signal[t] = window[t * Channels + c];
            TransformChannel(signal, features, c);
        }
    }

    /// <summary>One channel's samples → its features at [row][feature][<paramref name="channel"/>].</summary>
    protected abstract void TransformChannel(ReadOnlySpan<float> samples, Span<float> features, int channel);

    /// <summary>|FFT|² of the tapered segment starting at <paramref name="start"/> into <see cref="Spectrum"/>.</summary>
    protected void PowerSpectrum(ReadOnlySpan<float> samples, int start)
    {
        System.Numerics.Tensors.TensorPrimitives.Multiply(samples.Slice(start, Spec.NFft), Taper, Segment);
        Fft.Forward(Segment, Real, Imaginary);
        System.Numerics.Tensors.TensorPrimitives.Multiply(Real, Real, Spectrum);
        System.Numerics.Tensors.TensorPrimitives.Multiply(Imaginary, Imaginary, Real);
        System.Numerics.Tensors.TensorPrimitives.Add(Spectrum, Real, Spectrum);
    }

    /// <summary>Writes one row's features of a channel (feature f to [row][f][channel]).</summary>
    protected void Store(ReadOnlySpan<float> row, Span<float> features, int rowIndex, int channel)
    {
        int f = row.Length;
        if (Channels == 1)
        {
            row.CopyTo(features.Slice(rowIndex * f, f));
            return;
        }
        int at = rowIndex * f * Channels + channel;
        for (int i = 0; i < f; i++) features[at + i * Channels] = row[i];
    }
}
