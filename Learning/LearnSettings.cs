using EdgeAE.Runtime.Calibration;
using EdgeAE.Training;

namespace EdgeAE.Learning;

/// <summary>
/// Everything that decides the learned bundle besides the data. Stored in the recording header so a
/// workstation reproduces the board's bundle from the recording alone.
/// </summary>
public sealed class LearnSettings
{
    /// <summary>conv1d, conv2d or dense (the trainer's architectures).</summary>
    public string Arch { get; set; } = "conv1d";
    public int Window { get; set; } = 60;
    public int Hop { get; set; } = 1;
    /// <summary>Filters before the code (conv) / hidden units (dense); 0 = the trainer's default.</summary>
    public int Hidden { get; set; }
    /// <summary>Code channels / units; 0 = the trainer's default.</summary>
    public int Latent { get; set; }
    /// <summary>transpose or upsample (all-Conv decoder: the whole graph runs int8 on ORT CPU).</summary>
    public string Decoder { get; set; } = "upsample";
    public int Epochs { get; set; } = 30;
    public int Patience { get; set; } = 5;
    public int BatchSize { get; set; } = 32;
    public float LearningRate { get; set; } = 1e-3f;
    public ulong Seed { get; set; }
    /// <summary>The last fraction of the rows by time: validation of the training, and the data the thresholds are calibrated on.</summary>
    public double HoldOut { get; set; } = 0.2;

    /// <summary>Refusal: fewer rows than this.</summary>
    public int MinRows { get; set; } = 2000;
    /// <summary>Refusal: more than this fraction of frames lost to sensor faults while recording.</summary>
    public double MaxFaultFraction { get; set; } = 0.05;
    /// <summary>Refusal: a validation loss not below this fraction of the channel-mean baseline's.</summary>
    public double MaxLossRatio { get; set; } = 0.8;

    /// <summary>Threshold calibration on the int8 model's hold-out scores: quantile, sigma, mad or pot.</summary>
    public string Method { get; set; } = "quantile";
    public double Q { get; set; } = 0.999;
    public double K { get; set; } = 3;
    public double Risk { get; set; } = 1e-4;
    public double Margin { get; set; } = 1.5;
    public double WarningRatio { get; set; } = 0.8;
    public int RaiseAfter { get; set; } = 3;
    public int ClearAfter { get; set; } = 5;

    /// <summary>Whether two recipes learn the same bundle from the same data (compared as a recording header stores them).</summary>
    public bool SameRecipe(LearnSettings other) =>
        System.Text.Json.JsonSerializer.Serialize(this, LearningJsonContext.Default.LearnSettings)
        == System.Text.Json.JsonSerializer.Serialize(other, LearningJsonContext.Default.LearnSettings);

    public TrainingOptions ToTraining() => new()
    {
        Arch = Arch.ToLowerInvariant() switch
        {
            "conv1d" => Architecture.Conv1D,
            "conv2d" => Architecture.Conv2D,
            "dense" => Architecture.Dense,
            _ => throw new EdgeAE.Runtime.InvalidParameterException(nameof(Arch), $"must be conv1d, conv2d or dense, got '{Arch}'"),
        },
        Window = Window,
        Hop = Hop,
        Hidden = Hidden > 0 ? [Hidden] : null,
        Latent = Latent > 0 ? Latent : null,
        Decoder = Decoder.ToLowerInvariant() switch
        {
            "upsample" => DecoderKind.Upsample,
            "transpose" => DecoderKind.Transpose,
            _ => throw new EdgeAE.Runtime.InvalidParameterException(nameof(Decoder), $"must be upsample or transpose, got '{Decoder}'"),
        },
        Epochs = Epochs,
        Patience = Patience,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = Seed,
        ValSplit = HoldOut,
        // One thread: the scoring thread keeps the other core, and the trainer is bit-identical for any count anyway.
        Threads = 1,
    };

    public CalibrationOptions ToCalibration(TimeSpan windowPeriod) => new()
    {
        Method = ThresholdMethodNames.Parse(Method),
        Q = Q,
        K = K,
        Risk = Risk,
        WindowPeriod = windowPeriod,
        Margin = Margin,
        WarningRatio = WarningRatio,
        RaiseAfter = RaiseAfter,
        ClearAfter = ClearAfter,
    };
}
