using EdgeAE.Onnx;
using EdgeAE.Onnx.Proto;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Training.Engine;

namespace EdgeAE.Training.Model;

/// <summary>
/// Encoder → (optional VAE bottleneck) → decoder, over windows in one bundle layout. The exported
/// graph is the inference path: batch norms folded, dropout gone, the VAE decoding μ.
/// </summary>
public sealed class AutoencoderModel
{
    private float[] lastCode = [];
    private float[] lastHidden = [];

    public AutoencoderModel(Sequential encoder, Sequential decoder, VaeHead? vae, TensorLayout layout, int window, int channels, string description, VqHead? vq = null)
    {
        if (vae is not null && vq is not null) throw new ArgumentException("a model has a VAE or a VQ bottleneck, not both");
        if (vq is not null && vq.CodeSize != encoder.OutSize) throw new ArgumentException("the VQ codebook does not fit the encoder output");
        int codeSize = vae?.LatentSize ?? encoder.OutSize;
        if (vae is not null && vae.Mu.InSize != encoder.OutSize) throw new ArgumentException("VAE heads do not fit the encoder output");
        if (decoder.InSize != codeSize) throw new ArgumentException($"decoder expects {decoder.InSize} code values, encoder gives {codeSize}");
        if (encoder.InSize != window * channels || decoder.OutSize != window * channels)
            throw new ArgumentException($"model maps {encoder.InSize} → {decoder.OutSize} values, windows have {window * channels}");
        Encoder = encoder;
        Decoder = decoder;
        Vae = vae;
        Vq = vq;
        Layout = layout;
        Window = window;
        Channels = channels;
        Description = description;
    }

    public Sequential Encoder { get; }
    public Sequential Decoder { get; }
    public VaeHead? Vae { get; }
    public VqHead? Vq { get; }
    public TensorLayout Layout { get; }
    public int Window { get; }
    public int Channels { get; }
    public string Description { get; }
    public int WindowValues => Window * Channels;
    public int CodeSize => Decoder.InSize;

    /// <summary>The encoder output of the last forward (before any VAE sampling or VQ lookup).</summary>
    public float[] LastHidden => lastHidden;

    /// <summary>The code z of the last forward (n × CodeSize valid).</summary>
    public float[] LastCode => lastCode;

    public IEnumerable<Parameter> Parameters =>
        Encoder.Parameters.Concat(Vae?.Parameters ?? []).Concat(Vq?.Parameters ?? []).Concat(Decoder.Parameters);

    public IEnumerable<float[]> Buffers => Encoder.Buffers.Concat(Decoder.Buffers);

    /// <summary>Reconstructs n windows (training mode samples the VAE code; inference uses μ).</summary>
    public float[] Forward(Compute c, float[] x, int n)
    {
        lastHidden = Encoder.Forward(c, x, n);
        lastCode = Vae is not null ? Vae.Forward(c, lastHidden, n) : Vq is not null ? Vq.Forward(c, lastHidden, n) : lastHidden;
        return Decoder.Forward(c, lastCode, n);
    }

    /// <summary>
    /// Back-propagates dL/dOutput of the last forward plus the code penalty and the VAE's KL
    /// (weight klWeight, free bits), accumulating parameter gradients. Returns the added penalty terms.
    /// </summary>
    public double Backward(Compute c, float[] dOut, int n, CodeRegularizer? regularizer, double klWeight, double freeBits)
    {
        var dz = Decoder.Backward(c, dOut, n, wantInputGrad: true)!;
        double extra = regularizer?.Apply(lastCode, dz, n, CodeSize) ?? 0;
        float[] dh = dz;
        if (Vae is not null)
            extra += Vae.Backward(c, lastHidden, dz, n, klWeight, freeBits, out dh);
        if (Vq is not null)
            extra += Vq.Backward(lastHidden, dz, n, out dh);
        Encoder.Backward(c, dh, n, wantInputGrad: false);
        return extra;
    }

    /// <summary>The inference graph with input "input" and output "output" in the bundle layout.</summary>
    public ModelProto Export()
    {
        var g = new GraphBuilder("edgeae_" + Description.Replace(' ', '_'));
        long[] shape = ManifestValidator.WindowShape(Layout, Window, Channels);
        string x = g.Input("input", shape);
        x = Encoder.Export(g, x);
        if (Vae is not null) x = Vae.Mu.Export(g, x);
        if (Vq is not null) x = Vq.Export(g, x);
        x = Decoder.Export(g, x);
        g.RenameLastOutput("output");
        g.Output("output", shape);
        return g.Build();
    }

    /// <summary>Copies every parameter and buffer (best-weights snapshots for early stopping).</summary>
    public float[][] Snapshot() => Parameters.Select(p => (float[])p.Value.Clone()).Concat(Buffers.Select(b => (float[])b.Clone())).ToArray();

    public void Restore(float[][] snapshot)
    {
        int i = 0;
        foreach (var p in Parameters) snapshot[i++].CopyTo(p.Value, 0);
        foreach (var b in Buffers) snapshot[i++].CopyTo(b, 0);
    }

    public bool AllFinite() => Parameters.All(p => Array.TrueForAll(p.Value, float.IsFinite)) && Buffers.All(b => Array.TrueForAll(b, float.IsFinite));
}
