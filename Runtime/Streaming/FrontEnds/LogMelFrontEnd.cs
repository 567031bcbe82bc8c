using System.Numerics.Tensors;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// <c>logmel</c>, the DCASE 2020 task 2 / MLPerf Tiny anomaly-detection features: for each of
/// <c>frames</c> frames (n_fft samples every hop_length, Hann taper, unscaled as librosa's STFT),
/// S[k] = |X[k]|^power, mel = Slaney mel filter bank · S (<see cref="MelFilterBank"/>), then
/// 20 / power · log10(mel + ε); the frames are stacked frame after frame, as the benchmark's
/// vectors are. Frame t covers samples [t·hop_length, t·hop_length + n_fft) of the window:
/// librosa's <c>center=False</c> framing (its default <c>center=True</c> frames are the same frames
/// shifted by n_fft/2, apart from the padded ones at a clip's two ends).
/// </summary>
public sealed class LogMelFrontEnd : FrontEnd
{
    private readonly MelFilterBank filters;
    private readonly float[] mel;

    public LogMelFrontEnd(FrontEndSpec spec, int window, int channels) : base(spec, window, channels)
    {
        filters = MelFilterBank.Create(spec.SampleRate, spec.NFft, spec.NMels, spec.Fmin, spec.UpperFrequency);
        mel = new float[spec.NMels];
    }

    public override int Features => filters.Count;

    public MelFilterBank Filters => filters;

    protected override void TransformChannel(ReadOnlySpan<float> samples, Span<float> features, int channel)
    {
        float scale = (float)(20.0 / Spec.Power);
        for (int t = 0; t < Spec.Frames; t++)
        {
            PowerSpectrum(samples, t * Spec.HopLength);
            if (Spec.Power == 1) TensorPrimitives.Sqrt(Spectrum, Spectrum);
            else if (Spec.Power != 2) TensorPrimitives.Pow(Spectrum, (float)(Spec.Power / 2), Spectrum);
            for (int m = 0; m < mel.Length; m++)
            {
                var w = filters.Weights[m];
                mel[m] = w.Length == 0 ? 0f : TensorPrimitives.Dot(w, Spectrum.AsSpan(filters.Start[m], w.Length));
            }
            TensorPrimitives.Add(mel, (float)Spec.LogEpsilon, mel);
            TensorPrimitives.Log10(mel, mel);
            TensorPrimitives.Multiply(mel, scale, mel);
            Store(mel, features, t, channel);
        }
    }
}
