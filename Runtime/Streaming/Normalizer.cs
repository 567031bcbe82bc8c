using System.Numerics.Tensors;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Runtime.Streaming;

/// <summary>Per-channel affine normalization from the manifest: y = (x − offset) · (1 / scale).</summary>
public sealed class Normalizer
{
    private readonly float[] offset;
    private readonly float[] inverseScale;

    public Normalizer(NormalizationSpec spec, int channels)
    {
        Kind = spec.Kind;
        if (spec.Kind == NormalizationKind.None)
        {
            offset = new float[channels];
            inverseScale = Enumerable.Repeat(1f, channels).ToArray();
        }
        else
        {
            if (spec.Offset.Length != channels || spec.Scale.Length != channels)
                throw new BundleException("normalization", $"needs {channels} offsets and scales");
            offset = spec.Offset.ToArray();
            inverseScale = spec.Scale.Select(s => 1f / s).ToArray();
        }
    }

    public NormalizationKind Kind { get; }

    /// <summary>Normalizes one frame (C values).</summary>
    public void Apply(ReadOnlySpan<float> raw, Span<float> destination)
    {
        if (Kind == NormalizationKind.None)
        {
            raw.CopyTo(destination);
            return;
        }
        TensorPrimitives.Subtract(raw, offset, destination);
        TensorPrimitives.Multiply(destination, inverseScale, destination);
    }

    /// <summary>Maps a normalized frame back to sensor units.</summary>
    public void Invert(ReadOnlySpan<float> normalized, Span<float> destination)
    {
        for (int c = 0; c < offset.Length; c++)
            destination[c] = normalized[c] / inverseScale[c] + offset[c];
    }
}
