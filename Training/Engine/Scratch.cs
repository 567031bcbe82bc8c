namespace EdgeAE.Training.Engine;

/// <summary>Per-chunk work buffers, grown serially before a parallel pass so chunks never share memory.</summary>
public sealed class Scratch(int size)
{
    private float[][] buffers = [];

    public void Prepare(int n)
    {
        int chunks = Compute.ChunkCount(n);
        if (buffers.Length >= chunks) return;
        var grown = new float[chunks][];
        for (int c = 0; c < chunks; c++)
            grown[c] = c < buffers.Length ? buffers[c] : new float[size];
        buffers = grown;
    }

    public float[] For(int chunk) => buffers[chunk];
}
