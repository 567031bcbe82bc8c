using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Training.Engine;
using EdgeAE.Training.Objectives;

namespace EdgeAE.Training.Model;

/// <summary>
/// The default architectures. conv1d is the SKAB leaderboard Conv-AE: Conv1D(32,k7,s2) →
/// Conv1D(16,k7,s2) → ConvT(16,k7,s2) → ConvT(32,k7,s2) → ConvT(C,k7), ReLU, 'same' padding so
/// the output has the input's length; dense is a symmetric MLP; conv2d treats the window as a
/// one-plane W×C image with kernels (k, 3) striding over time only.
/// </summary>
public static class ArchitectureBuilder
{
    public static TensorLayout LayoutOf(Architecture arch) => arch switch
    {
        Architecture.Dense => TensorLayout.Flat,
        Architecture.Conv1D => TensorLayout.Ncw,
        Architecture.Conv2D => TensorLayout.Nchw,
        _ => throw new ArgumentOutOfRangeException(nameof(arch)),
    };

    public static int DefaultLatent(Architecture arch) => arch switch { Architecture.Dense => 8, Architecture.Conv1D => 16, _ => 8 };

    public static int[] DefaultHidden(Architecture arch) => arch switch { Architecture.Dense => [64, 32], Architecture.Conv1D => [32], _ => [16] };

    public static AutoencoderModel Build(TrainingOptions o, int channels, Rng rng)
    {
        int latent = o.Latent ?? DefaultLatent(o.Arch);
        int[] hidden = o.Hidden ?? DefaultHidden(o.Arch);
        if (latent < 1) throw new InvalidParameterException(nameof(TrainingOptions.Latent), $"must be ≥ 1, got {latent}");
        if (hidden.Any(h => h < 1)) throw new InvalidParameterException(nameof(TrainingOptions.Hidden), $"sizes must be ≥ 1, got {string.Join(",", hidden)}");
        if (o.Variant == Variant.Contractive && o.Arch != Architecture.Dense)
            throw new InvalidParameterException(nameof(TrainingOptions.Variant), "contractive needs the dense architecture (its Jacobian penalty is exact for a dense sigmoid encoder)");
        if (o.Variant == Variant.Vae && o.Arch == Architecture.Dense && hidden.Length == 0)
            throw new InvalidParameterException(nameof(TrainingOptions.Hidden), "a dense VAE needs at least one hidden layer before its μ/log-variance heads");
        string description = $"{o.Arch.ToString().ToLowerInvariant()} {o.Variant.ToString().ToLowerInvariant()}";
        return o.Arch switch
        {
            Architecture.Dense => BuildDense(o, channels, latent, hidden, rng, description),
            Architecture.Conv1D => BuildConv(o, channels, latent, hidden, rng, description, oneD: true),
            Architecture.Conv2D => BuildConv(o, channels, latent, hidden, rng, description, oneD: false),
            _ => throw new ArgumentOutOfRangeException(nameof(o)),
        };
    }

    private static bool SigmoidCode(TrainingOptions o) => o.Variant == Variant.Sparse && o.SparsityTarget is not null;

    private static AutoencoderModel BuildDense(TrainingOptions o, int channels, int latent, int[] hidden, Rng rng, string description)
    {
        int d = o.Window * channels;
        var enc = new List<Layer>();
        var dec = new List<Layer>();
        VaeHead? vae = null;
        if (o.Variant == Variant.Contractive)
        {
            enc.Add(new Dense(d, latent, rng));
            enc.Add(new Sigmoid([latent]));
        }
        else
        {
            int prev = d;
            foreach (int h in hidden)
            {
                AddDenseBlock(enc, o, prev, h, rng);
                prev = h;
            }
            if (o.Variant == Variant.Vae)
                vae = new VaeHead(new Dense(prev, latent, rng), new Dense(prev, latent, rng));
            else
            {
                enc.Add(new Dense(prev, latent, rng));
                if (SigmoidCode(o)) enc.Add(new Sigmoid([latent]));
            }
        }
        int from = latent;
        foreach (int h in hidden.Reverse())
        {
            AddDenseBlock(dec, o, from, h, rng);
            from = h;
        }
        dec.Add(new Dense(from, d, rng));
        if (o.Loss == LossKind.Bce) dec.Add(new Sigmoid([d]));
        var vq = o.Variant == Variant.VqVae ? new VqHead([latent], o.CodebookSize, o.Commitment) : null;
        return new AutoencoderModel(new Sequential(enc), new Sequential(dec), vae, TensorLayout.Flat, o.Window, channels, description, vq);
    }

    private static void AddDenseBlock(List<Layer> layers, TrainingOptions o, int inF, int outF, Rng rng)
    {
        layers.Add(new Dense(inF, outF, rng));
        if (o.BatchNorm) layers.Add(new BatchNorm([outF]));
        layers.Add(Act(o.Activation, [outF]));
        if (o.Dropout > 0) layers.Add(new Dropout([outF], o.Dropout));
    }

    /// <summary>
    /// Conv encoder: one stride-2 'same' stage per hidden size then the code stage; decoder: the
    /// mirror in transposed convolutions whose pads hit each encoder length exactly, then a
    /// stride-1 transposed convolution back to the input channels.
    /// </summary>
    private static AutoencoderModel BuildConv(TrainingOptions o, int channels, int latent, int[] hidden, Rng rng, string description, bool oneD)
    {
        int k = o.Kernel;
        if (k < 1) throw new InvalidParameterException(nameof(TrainingOptions.Kernel), $"must be ≥ 1, got {k}");
        // Samples are [C, 1, W] for conv1d (time on the width axis) and [1, W, C] for conv2d (time on the height axis).
        int kw2 = Math.Min(3, channels);
        int inC = oneD ? channels : 1;
        int width = oneD ? o.Window : channels;
        int[] stageChannels = [.. hidden, latent];
        var timeLengths = new List<int> { o.Window };
        var enc = new List<Layer>();
        int c = inC, t = o.Window;
        for (int i = 0; i < stageChannels.Length; i++)
        {
            int total = ConvSpec.SamePadTotal(t, k, 2);
            var (tb, te) = ConvSpec.Split(total);
            ConvSpec spec;
            if (oneD) spec = ConvSpec.OneD(k, 2, tb, te);
            else
            {
                var (wb, we) = ConvSpec.Split(ConvSpec.SamePadTotal(channels, kw2, 1));
                spec = new ConvSpec(k, kw2, 2, 1, tb, wb, te, we);
            }
            var conv = new Conv(c, oneD ? 1 : t, oneD ? t : width, stageChannels[i], spec, oneD, rng);
            enc.Add(conv);
            bool code = i == stageChannels.Length - 1;
            if (o.BatchNorm && !code) enc.Add(new BatchNorm(conv.OutShape));
            enc.Add(code && SigmoidCode(o) ? new Sigmoid(conv.OutShape) : Act(o.Activation, conv.OutShape));
            if (o.Dropout > 0 && i == 0) enc.Add(new Dropout(conv.OutShape, o.Dropout));
            c = stageChannels[i];
            t = conv.OutShape[1];
            timeLengths.Add(t);
        }
        VaeHead? vae = null;
        if (o.Variant == Variant.Vae)
        {
            var point = oneD ? ConvSpec.OneD(1, 1, 0, 0) : new ConvSpec(1, 1, 1, 1, 0, 0, 0, 0);
            vae = new VaeHead(new Conv(c, oneD ? 1 : t, oneD ? t : width, latent, point, oneD, rng),
                              new Conv(c, oneD ? 1 : t, oneD ? t : width, latent, point, oneD, rng));
        }
        var dec = new List<Layer>();
        int[] decChannels = stageChannels.Reverse().ToArray();
        for (int i = 0; i < decChannels.Length; i++)
        {
            var grow = Grow(o, oneD, c, t, width, decChannels[i], timeLengths[timeLengths.Count - 2 - i], stride: 2, k, kw2, rng);
            dec.AddRange(grow);
            var shape = grow[^1].OutShape;
            if (o.BatchNorm) dec.Add(new BatchNorm(shape));
            dec.Add(Act(o.Activation, shape));
            if (o.Dropout > 0 && i == 0) dec.Add(new Dropout(shape, o.Dropout));
            c = decChannels[i];
            t = shape[1];
        }
        var last = Grow(o, oneD, c, t, width, inC, o.Window, stride: 1, k, kw2, rng);
        dec.AddRange(last);
        if (o.Loss == LossKind.Bce) dec.Add(new Sigmoid(last[^1].OutShape));
        var vq = o.Variant == Variant.VqVae ? new VqHead(enc[^1].OutShape, o.CodebookSize, o.Commitment) : null;
        return new AutoencoderModel(new Sequential(enc), new Sequential(dec), vae, oneD ? TensorLayout.Ncw : TensorLayout.Nchw, o.Window, channels, description, vq);
    }

    /// <summary>
    /// One decoder stage taking time length t to exactly <paramref name="target"/>: a transposed
    /// convolution with the pads that land on it, or ×stride nearest upsampling then a stride-1
    /// convolution whose pads trim any extra step (odd encoder lengths).
    /// </summary>
    private static Layer[] Grow(TrainingOptions o, bool oneD, int c, int t, int width, int outChannels, int target, int stride, int k, int kw2, Rng rng)
    {
        var (wb, we) = ConvSpec.Split(kw2 - 1);
        if (o.Decoder == DecoderKind.Transpose)
        {
            var (tb, te) = ConvSpec.Split(ConvSpec.TransposePadTotal(t, k, stride, target));
            var spec = oneD ? ConvSpec.OneD(k, stride, tb, te) : new ConvSpec(k, kw2, stride, 1, tb, wb, te, we);
            return [new ConvTranspose(c, oneD ? 1 : t, oneD ? t : width, outChannels, spec, oneD, rng)];
        }
        var layers = new List<Layer>();
        int grown = t;
        if (stride > 1)
        {
            layers.Add(new Upsample(oneD ? [c, t] : [c, t, width], stride));
            grown = t * stride;
        }
        int total = k - 1 - (grown - target);
        if (total < 0) throw new ArgumentException($"kernel {k} is too short to trim an upsampled length {grown} to {target}");
        var (pb, pe) = ConvSpec.Split(total);
        var convSpec = oneD ? ConvSpec.OneD(k, 1, pb, pe) : new ConvSpec(k, kw2, 1, 1, pb, wb, pe, we);
        layers.Add(new Conv(c, oneD ? 1 : grown, oneD ? grown : width, outChannels, convSpec, oneD, rng));
        return [.. layers];
    }

    private static Layer Act(HiddenActivation a, int[] shape) => a switch
    {
        HiddenActivation.Relu => new Relu(shape),
        HiddenActivation.LeakyRelu => new LeakyRelu(shape, 0.01f),
        HiddenActivation.Tanh => new Tanh(shape),
        HiddenActivation.Sigmoid => new Sigmoid(shape),
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };
}
