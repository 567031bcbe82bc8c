using EdgeAE.Onnx;

namespace EdgeAE.Training.Engine;

/// <summary>
/// What <see cref="Conv"/> and <see cref="ConvTranspose"/> share: samples [C, H, W] (1-D: [C, W]),
/// Cin·Cout·KH·KW weights and one bias per output channel, the ONNX spec of the kernel.
/// </summary>
public abstract class ConvLayerBase : AffineLayer
{
    protected ConvLayerBase(int inChannels, int height, int width, int outChannels, int outHeight, int outWidth, ConvSpec spec, bool oneD)
        : base(oneD ? [inChannels, width] : [inChannels, height, width], oneD ? [outChannels, outWidth] : [outChannels, outHeight, outWidth])
    {
        OneD = oneD;
        Spec = spec;
        InChannels = inChannels;
        OutChannelCount = outChannels;
        weight = new Parameter("W", inChannels * outChannels * spec.KH * spec.KW, decay: true);
        bias = new Parameter("b", outChannels, decay: false);
    }

    private protected readonly Parameter weight;
    private protected readonly Parameter bias;

    public bool OneD { get; }
    public int InChannels { get; }
    private protected int OutChannelCount { get; }
    private protected ConvSpec Spec { get; }
    public override int OutChannels => OutChannelCount;
    public Parameter Weight => weight;
    public Parameter Bias => bias;
    public override IReadOnlyList<Parameter> Parameters => [weight, bias];
}
