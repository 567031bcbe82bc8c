namespace EdgeAE.Export.Import.Keras;

/// <summary>
/// A value flowing through the converted graph: its ONNX name, its per-sample shape as Keras sees it
/// (channels-last, batch excluded) and whether the ONNX tensor is currently held channels-first
/// ([N, C, spatial…], what ONNX Conv/Pool/Resize want) instead of in the Keras order.
/// </summary>
internal sealed record KerasTensor(string Name, int[] Shape, bool ChannelsFirst)
{
    public int Rank => Shape.Length;
    public int Channels => Shape[^1];
    public int[] Spatial => Shape[..^1];
}
