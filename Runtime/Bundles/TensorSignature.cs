namespace EdgeAE.Runtime.Bundles;

/// <summary>A model input or output as the validator needs it: name, dims (−1 = dynamic), float or not.</summary>
public sealed record TensorSignature(string Name, long[] Dims, bool IsFloat)
{
    public string ShapeText => "[" + string.Join(",", Dims.Select(d => d < 0 ? "?" : d.ToString())) + "]";
}
