namespace EdgeAE.Export.Import.Keras.Layers;

/// <summary>Converts one Keras layer class (or a 1D/2D pair of it) into ONNX nodes.</summary>
internal interface IKerasLayerHandler
{
    /// <summary>The Keras class names (<c>class_name</c> in the model config) this handler converts.</summary>
    IReadOnlyCollection<string> Classes { get; }

    KerasTensor Convert(KerasLayer layer, KerasTensor x, KerasLayerConverter c);
}
