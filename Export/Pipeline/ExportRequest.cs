using EdgeAE.Export.Import;
using EdgeAE.Quantization;
using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Calibration;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Pipeline;

/// <summary>Everything `edgeae export` needs: the model, the data for each stage and each stage's settings.</summary>
public sealed record ExportRequest
{
    /// <summary>Keras (.h5/.keras) or ONNX model, or an EdgeAE bundle (then conversion is skipped).</summary>
    public required string ModelPath { get; init; }
    /// <summary>How to convert a model that is not a bundle yet (ModelPath and FitData are filled in by the pipeline); null when it is one.</summary>
    public ConvertRequest? Convert { get; init; }
    /// <summary>Normal data for the int8 activation ranges (the model's training data is ideal).</summary>
    public required string CalibrationPath { get; init; }
    /// <summary>Normal data for the alarm thresholds (scored by the Runtime's streaming scorer).</summary>
    public required string NormalPath { get; init; }
    public string? LabeledPath { get; init; }
    public string LabelColumn { get; init; } = "anomaly";
    /// <summary>Columns read from the data files (null = the bundle's channels when the files name them).</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    /// <summary>Map data columns to the bundle's channels in order instead of by name (--by-position).</summary>
    public bool ByPosition { get; init; }
    /// <summary>Rows of the normal data used for the thresholds.</summary>
    public RowRange NormalRows { get; init; } = RowRange.All;
    /// <summary>Rows of the calibration data used for the int8 ranges (and the normalization fit).</summary>
    public RowRange CalibrationRows { get; init; } = RowRange.All;
    /// <summary>Channel count of raw .f32 data.</summary>
    public int? RawChannels { get; init; }
    public Precision Precision { get; init; } = Precision.Int8;
    public QuantizationOptions Quantization { get; init; } = new();
    /// <summary>Threshold method; WindowPeriod is derived from the normal data when zero.</summary>
    public CalibrationOptions Thresholds { get; init; } = new();
    /// <summary>Per-channel score standardization fitted on the normal data; null keeps the bundle's.</summary>
    public ChannelFitMethod? ChannelFit { get; init; } = CalibrationDefaults.ChannelFit;
    /// <summary>Input drift monitor fitted on the normal data; null = none.</summary>
    public DriftOptions? Drift { get; init; } = CalibrationDefaults.Drift;
    /// <summary>Seconds between rows when the normal data has no time column (needed by the far method).</summary>
    public double? SamplePeriodSeconds { get; init; }
    public required string OutputPath { get; init; }
    /// <summary>Directory for the quantization report, the evaluation plots and export.json; null = none.</summary>
    public string? ReportDirectory { get; init; }
}
