using EdgeAE.Training.Engine;
using EdgeAE.Training.Model;

namespace EdgeAE.Export.Tests.Training;

public class VqHeadTests
{
    private static (VqHead Head, float[] Z, int N) Make()
    {
        var rng = new Rng(4);
        var head = new VqHead([3, 5], entries: 6, commitment: 0.25);
        int n = 4;
        var z = GradCheck.Random(rng, n * head.CodeSize);
        var c = new Compute(1, new Rng(5)) { Training = true };
        head.Forward(c, z, n); // initialises the codebook from these codes
        for (int i = 0; i < head.Codebook.Size; i++) head.Codebook.Value[i] += (float)(0.3 * rng.NextGaussian());
        head.Forward(c, z, n);
        return (head, z, n);
    }

    [Test]
    public void PicksTheNearestEntryPerPosition()
    {
        var (head, z, n) = Make();
        var e = head.Codebook.Value;
        for (int s = 0; s < n; s++)
            for (int p = 0; p < head.Positions; p++)
            {
                double Dist(int k) => Enumerable.Range(0, head.Dim).Sum(d => Math.Pow(z[s * head.CodeSize + d * head.Positions + p] - e[k * head.Dim + d], 2));
                int nearest = Enumerable.Range(0, head.Entries).MinBy(Dist);
                Assert.That(head.LastAssignment[s * head.Positions + p], Is.EqualTo(nearest));
            }
    }

    [Test]
    public void StopGradientTermsMatchFiniteDifferences()
    {
        // With assignments fixed: dL/dz = dL/dz_q (straight through) + β·∂‖z − sg(e)‖²/∂z,
        // and the codebook gradient is ∂‖sg(z) − e‖²/∂e, each a mean over code elements.
        var (head, z, n) = Make();
        var dzq = GradCheck.Random(new Rng(6), n * head.CodeSize);
        foreach (var p in head.Parameters) p.ZeroGrad();
        head.Backward(z, dzq, n, out var dz);
        var e = head.Codebook.Value;
        int len = n * head.CodeSize;
        double MeanSq(Func<int, double> zAt, Func<int, double> eAt)
        {
            double sum = 0;
            for (int s = 0; s < n; s++)
                for (int p = 0; p < head.Positions; p++)
                {
                    int k = head.LastAssignment[s * head.Positions + p];
                    for (int d = 0; d < head.Dim; d++)
                    {
                        int i = s * head.CodeSize + d * head.Positions + p;
                        double diff = zAt(i) - eAt(k * head.Dim + d);
                        sum += diff * diff;
                    }
                }
            return sum / len;
        }
        const double h = 1e-4;
        for (int i = 0; i < len; i += 3)
        {
            int at = i;
            double fp = 0.25 * MeanSq(j => z[j] + (j == at ? h : 0), j => e[j]);
            double fm = 0.25 * MeanSq(j => z[j] - (j == at ? h : 0), j => e[j]);
            GradCheck.AssertClose(dz[i], dzq[i] + (fp - fm) / (2 * h), 1e-4, $"dz[{i}]");
        }
        for (int i = 0; i < head.Codebook.Size; i++)
        {
            int at = i;
            double fp = MeanSq(j => z[j], j => e[j] + (j == at ? h : 0));
            double fm = MeanSq(j => z[j], j => e[j] - (j == at ? h : 0));
            GradCheck.AssertClose(head.Codebook.Grad[i], (fp - fm) / (2 * h), 1e-4, $"codebook[{i}]");
        }
        Assert.That(head.Term(z, n), Is.EqualTo(1.25 * MeanSq(j => z[j], j => e[j])).Within(1e-9));
    }
}
