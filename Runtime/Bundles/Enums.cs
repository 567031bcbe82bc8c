using System.Text.Json.Serialization;

namespace EdgeAE.Runtime.Bundles;

/// <summary>How a window of W samples × C channels is laid out in the model's input tensor.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TensorLayout>))]
public enum TensorLayout
{
    /// <summary>[N, W·C], time-major (sample 0's channels, then sample 1's, ...).</summary>
    [JsonStringEnumMemberName("flat")] Flat,
    /// <summary>[N, W, C] (Keras Conv1D style).</summary>
    [JsonStringEnumMemberName("nwc")] Nwc,
    /// <summary>[N, C, W] (PyTorch Conv1d style).</summary>
    [JsonStringEnumMemberName("ncw")] Ncw,
    /// <summary>[N, 1, W, C]: the window as a one-plane image (PyTorch Conv2d style).</summary>
    [JsonStringEnumMemberName("nchw")] Nchw,
}

[JsonConverter(typeof(JsonStringEnumConverter<NormalizationKind>))]
public enum NormalizationKind
{
    [JsonStringEnumMemberName("none")] None,
    /// <summary>(x − mean) / std; offset = mean, scale = std.</summary>
    [JsonStringEnumMemberName("zscore")] ZScore,
    /// <summary>(x − min) / (max − min); offset = min, scale = max − min.</summary>
    [JsonStringEnumMemberName("minmax")] MinMax,
}

[JsonConverter(typeof(JsonStringEnumConverter<ErrorMetric>))]
public enum ErrorMetric
{
    [JsonStringEnumMemberName("mse")] Mse,
    [JsonStringEnumMemberName("mae")] Mae,
}

[JsonConverter(typeof(JsonStringEnumConverter<ScoreReduction>))]
public enum ScoreReduction
{
    /// <summary>Mean over all W·C elements.</summary>
    [JsonStringEnumMemberName("mean")] Mean,
    /// <summary>Sum over channels of each channel's mean over time (SKAB's residual).</summary>
    [JsonStringEnumMemberName("channel_sum")] ChannelSum,
    /// <summary>The largest channel error.</summary>
    [JsonStringEnumMemberName("max")] Max,
    /// <summary>Mean of the <c>top_k</c> largest channel errors.</summary>
    [JsonStringEnumMemberName("top_k")] TopK,
}

[JsonConverter(typeof(JsonStringEnumConverter<Precision>))]
public enum Precision
{
    [JsonStringEnumMemberName("fp32")] Fp32,
    [JsonStringEnumMemberName("int8")] Int8,
}
