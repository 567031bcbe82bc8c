using EdgeAE.Onnx;

namespace EdgeAE.Tests.Shared;

/// <summary>
/// The linear autoencoder y = x·E·D with E = basis (n × k) and D = basisᵀ (the orthogonal projection
/// onto span(basis) when the basis is orthonormal), input "input" [N, n] and output "output": the
/// exact model the Runtime and Device tests build bundles from. Linked into both test projects.
/// </summary>
internal static class LinearAutoencoder
{
    public static GraphBuilder Build(double[,] basis, string name)
    {
        int n = basis.GetLength(0), k = basis.GetLength(1);
        var encoder = new float[n * k];
        var decoder = new float[k * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
            {
                encoder[i * k + j] = (float)basis[i, j];
                decoder[j * n + i] = (float)basis[i, j];
            }
        var g = new GraphBuilder(name);
        string x = g.Input("input", -1, n);
        string h = g.MatMulAdd(x, encoder, new float[k], n, k);
        g.MatMulAdd(h, decoder, new float[n], k, n);
        g.RenameLastOutput("output");
        g.Output("output", -1, n);
        return g;
    }
}
