using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Streaming.Preprocessing;
using EdgeAE.Training.Engine;
using EdgeAE.Training.Objectives;
using EdgeAE.Training.Optim;

namespace EdgeAE.Training;

public enum Architecture { Dense, Conv1D, Conv2D }

public enum Variant { Plain, Denoising, Sparse, Contractive, Vae, VqVae }

public enum HiddenActivation { Relu, LeakyRelu, Tanh, Sigmoid }

/// <summary>How conv decoders grow time back: transposed convolutions, or nearest upsampling + convolution (all-Conv, int8-friendly).</summary>
public enum DecoderKind { Transpose, Upsample }

/// <summary>
/// Everything `edgeae train` can set. The defaults are the product recipe, chosen by 5-fold and
/// leave-group-out validation on SKAB (BENCHMARKS.md, "Choosing the defaults"): the SKAB Conv-AE
/// network (conv1d 32/16, kernel 7, Adam 1e-3, batch 32, early stopping) on 30-sample windows, slow
/// channels differenced and the others detrended against a 100-sample EMA, the window error the mean
/// absolute error per channel, and the score the mean of the two largest (standardized) channel errors.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The recipe's preprocessing: first difference on slow (drifting) channels, EMA detrending (horizon 100, adapting only while normal) on the others.</summary>
    public static IReadOnlyList<StageRequest> DefaultPreprocessing { get; } =
    [
        new(new PreprocessingStageSpec { Kind = StageKind.Difference, Warmup = 1 }, ChannelSelection.Slow),
        new(new PreprocessingStageSpec { Kind = StageKind.DetrendEma, Horizon = 100, Adapt = StageAdaptation.WhileNormal }, ChannelSelection.Rough),
    ];

    public Architecture Arch { get; init; } = Architecture.Conv1D;
    public int Window { get; init; } = 30;
    /// <summary>Stride between training windows, and the bundle's scoring hop.</summary>
    public int Hop { get; init; } = 1;
    /// <summary>Front end between the window and the model (spectrum, logmel); null = the raw window.</summary>
    public FrontEndSpec? FrontEnd { get; init; }
    /// <summary>Code size: dense units (default 8), conv1d/conv2d code channels (default 16 / 8).</summary>
    public int? Latent { get; init; }
    /// <summary>Hidden sizes: dense units (default 64,32), conv filters before the code (default 32 / 16).</summary>
    public int[]? Hidden { get; init; }
    /// <summary>Convolution kernel length along time (7 as the SKAB Conv-AE).</summary>
    public int Kernel { get; init; } = 7;
    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;
    public DecoderKind Decoder { get; init; } = DecoderKind.Transpose;
    public bool BatchNorm { get; init; }
    public float Dropout { get; init; }

    public Variant Variant { get; init; } = Variant.Plain;
    /// <summary>VAE: KL weight β.</summary>
    public double Beta { get; init; } = 1.0;
    /// <summary>VAE: epochs over which β ramps linearly from 0 (KL annealing); 0 disables.</summary>
    public int KlAnnealEpochs { get; init; } = 10;
    /// <summary>VAE: free bits, the per-unit KL floor in nats.</summary>
    public double FreeBits { get; init; }
    /// <summary>Sparse / contractive penalty weight λ (defaults 1e-2 / 1e-3).</summary>
    public double? Penalty { get; init; }
    /// <summary>Sparse: target activation rate ρ for the KL sparsity (sigmoid code); null uses L1 on the code.</summary>
    public double? SparsityTarget { get; init; }
    /// <summary>VQ-VAE: codebook entries.</summary>
    public int CodebookSize { get; init; } = 64;
    /// <summary>VQ-VAE: commitment weight β_c.</summary>
    public double Commitment { get; init; } = 0.25;
    /// <summary>Denoising: std of Gaussian input noise (normalized units).</summary>
    public double NoiseStd { get; init; } = 0.1;
    /// <summary>Denoising: fraction of input values zeroed (masking noise), instead of or besides Gaussian noise.</summary>
    public double MaskRate { get; init; }

    public LossKind Loss { get; init; } = LossKind.Mse;
    /// <summary>Score metric written to the manifest (default: mae, whatever the loss: on SKAB it gives far fewer false alarms on normal data than mse).</summary>
    public ErrorMetric? Metric { get; init; }
    /// <summary>Score reduction written to the manifest (channel_sum is SKAB's residual).</summary>
    public ScoreReduction Reduction { get; init; } = ScoreReduction.TopK;
    /// <summary>top_k reduction: channels averaged.</summary>
    public int TopK { get; init; } = 2;
    /// <summary>Preprocessing stages (channel selections resolved on the training rows) written to the manifest; normalization is fitted on their output.</summary>
    public IReadOnlyList<StageRequest> Preprocessing { get; init; } = DefaultPreprocessing;
    /// <summary>Normalization fitted on the training rows (BCE needs minmax).</summary>
    public NormalizationKind Normalization { get; init; } = NormalizationKind.ZScore;

    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 1e-3f;
    public float WeightDecay { get; init; }
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    /// <summary>Fraction of rows (the last ones, by time) whose windows form the validation set.</summary>
    public double ValSplit { get; init; } = 0.2;
    /// <summary>Epochs without validation improvement before stopping (best weights restored); 0 disables.</summary>
    public int Patience { get; init; } = 10;
    public ulong Seed { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Work per layer call from which threads are used (tests force 0 to exercise the threaded path on tiny models).</summary>
    internal long ParallelThreshold { get; init; } = Compute.DefaultParallelThreshold;

    public ErrorMetric ScoreMetric => Metric ?? ErrorMetric.Mae;
}
