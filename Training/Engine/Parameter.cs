using System.Numerics.Tensors;

namespace EdgeAE.Training.Engine;

/// <summary>A trainable tensor: values, the accumulated gradient, and per-chunk partial gradients.</summary>
public sealed class Parameter
{
    private float[][] chunkGrads = [];

    public Parameter(string name, int size, bool decay)
    {
        Name = name;
        Value = new float[size];
        Grad = new float[size];
        Decay = decay;
    }

    public string Name { get; }
    public float[] Value { get; }
    public float[] Grad { get; }
    /// <summary>Whether weight decay applies (weights yes; biases and norm shifts no).</summary>
    public bool Decay { get; }
    public int Size => Value.Length;

    /// <summary>Allocates (serially, before a parallel pass) and zeroes the partial gradients of n samples' chunks.</summary>
    public void PrepareChunks(int n)
    {
        int chunks = Compute.ChunkCount(n);
        if (chunkGrads.Length < chunks)
        {
            var grown = new float[chunks][];
            for (int c = 0; c < chunks; c++)
                grown[c] = c < chunkGrads.Length ? chunkGrads[c] : new float[Size];
            chunkGrads = grown;
        }
        for (int c = 0; c < chunks; c++)
            Array.Clear(chunkGrads[c]);
    }

    public float[] ChunkGrad(int chunk) => chunkGrads[chunk];

    /// <summary>Adds the chunks' partial gradients to <see cref="Grad"/> in chunk order (the determinism guarantee).</summary>
    public void ReduceChunks(int n)
    {
        int chunks = Compute.ChunkCount(n);
        for (int c = 0; c < chunks; c++)
            TensorPrimitives.Add(Grad, chunkGrads[c], Grad);
    }

    public void ZeroGrad() => Array.Clear(Grad);
}
