using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Runtime.Streaming.FrontEnds;

/// <summary>
/// <c>logmel</c>, the DCASE 2020 task 2 / MLPerf Tiny anomaly-detection features: for each of
/// <c>frames</c> frames (n_fft samples every hop_length, Hann taper, unscaled as librosa's STFT),
/// S[k] = |X[k]|^power, mel = Slaney mel filter bank · S (<see cref="MelFilterBank"/>), then
/// 20 / power · log10(mel + ε); the frames are stacked frame after frame, as the benchmark's
/// vectors are. Frame t covers samples [t·hop_length, t·hop_length + n_fft) of the window:
/// librosa's <c>center=False</c> framing (its default <c>center=True</c> frames are the same frames
/// shifted by n_fft/2, apart from the padded ones at a clip's two ends).
/// On a stream, consecutive windows share frames (at a window hop of one hop_length, 4 of ad01's 5):
/// a frame whose samples are bit for bit those of one of the previous window's frames takes that
/// frame's row instead of a new FFT, so the features are the same as computed afresh.
/// </summary>
public sealed class LogMelFrontEnd : FrontEnd
{
    private readonly MelFilterBank filters;
    private readonly float[][] previousSamples;   // per channel: the last window's samples
    private readonly float[][] rows;              // per channel: that window's rows, frames × n_mels
    private readonly bool[] havePrevious;

    public LogMelFrontEnd(FrontEndSpec spec, int window, int channels) : base(spec, window, channels)
    {
        filters = MelFilterBank.Create(spec.SampleRate, spec.NFft, spec.NMels, spec.Fmin, spec.UpperFrequency);
        previousSamples = new float[channels][];
        rows = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            previousSamples[c] = new float[window];
            rows[c] = new float[spec.Frames * filters.Count];
        }
        havePrevious = new bool[channels];
    }

    public override int Features => filters.Count;

    public MelFilterBank Filters => filters;

    /// <summary>Frames taken from the previous window instead of computed, since construction (tests and benchmarks read it).</summary>
    public long ReusedFrames { get; private set; }

    protected override void TransformChannel(ReadOnlySpan<float> samples, Span<float> features, int channel)
    {
        int count = filters.Count, frames = Spec.Frames;
        int shift = SharedFrames(samples, channel);
        var own = rows[channel];
        if (shift > 0)
        {
            own.AsSpan(shift * count).CopyTo(own);
            ReusedFrames += frames - shift;
        }
        for (int t = shift > 0 ? frames - shift : 0; t < frames; t++)
            LogMel(samples, t, own.AsSpan(t * count, count));
        for (int t = 0; t < frames; t++)
            Store(own.AsSpan(t * count, count), features, t, channel);
        samples.CopyTo(previousSamples[channel]);
        havePrevious[channel] = true;
    }

    /// <summary>
    /// The shift k (1 ≤ k &lt; frames) for which this window's frames 0..frames−k−1 are the previous window's
    /// frames k..frames−1, bit for bit; 0 when none is (a new stream, a gap, another hop, training's shuffled windows).
    /// </summary>
    private int SharedFrames(ReadOnlySpan<float> samples, int channel)
    {
        if (!havePrevious[channel]) return 0;
        var previous = previousSamples[channel].AsSpan();
        int hop = Spec.HopLength, natural = Spec.NaturalWindow;
        for (int k = 1; k < Spec.Frames; k++)
        {
            int offset = k * hop, length = natural - offset;
            if (BitConverter.SingleToUInt32Bits(previous[offset]) != BitConverter.SingleToUInt32Bits(samples[0])) continue;
            if (MemoryMarshal.AsBytes(samples[..length]).SequenceEqual(MemoryMarshal.AsBytes(previous.Slice(offset, length)))) return k;
        }
        return 0;
    }

    /// <summary>Frame <paramref name="t"/>'s log-mel row into <paramref name="mel"/>.</summary>
    private void LogMel(ReadOnlySpan<float> samples, int t, Span<float> mel)
    {
        PowerSpectrum(samples, t * Spec.HopLength);
        if (Spec.Power == 1) TensorPrimitives.Sqrt(Spectrum, Spectrum);
        else if (Spec.Power != 2) TensorPrimitives.Pow(Spectrum, (float)(Spec.Power / 2), Spectrum);
        for (int m = 0; m < mel.Length; m++)
        {
            var w = filters.Weights[m];
            mel[m] = w.Length == 0 ? 0f : OrderedSum.Dot(w, Spectrum.AsSpan(filters.Start[m], w.Length));
        }
        TensorPrimitives.Add(mel, (float)Spec.LogEpsilon, mel);
        TensorPrimitives.Log10(mel, mel);
        TensorPrimitives.Multiply(mel, (float)(20.0 / Spec.Power), mel);
    }
}
