namespace EdgeAE.Onnx;

/// <summary>
/// TensorFlow's SAME padding for a sliding window (Conv, pooling) as ONNX's explicit pads: the output
/// has ⌈L/s⌉ positions and the padding that needs is split with the odd cell at the end. The one
/// helper for the Keras importer and the trainer's layers.
/// </summary>
public static class SamePadding
{
    /// <param name="length">Input length on this axis.</param>
    /// <param name="stride">Stride on this axis.</param>
    /// <param name="span">Effective window: (kernel − 1) · dilation + 1.</param>
    public static (int Output, int Begin, int End) Of(int length, int stride, int span)
    {
        int output = (length + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + span - length, 0);
        return (output, total / 2, total - total / 2);
    }
}
