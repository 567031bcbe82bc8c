using EdgeAE.Runtime.Numerics;

namespace EdgeAE.Runtime.Tests.Numerics;

/// <summary>OrderedSum adds in its documented order, bit for bit, at every length; that order is what makes it machine-independent.</summary>
public class OrderedSumTests
{
    // The documented order in plain scalar code: lane t mod 8, lanes (i, i+4) then pairwise, then the tail.
    private static float Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b, bool dot)
    {
        var lane = new float[8];
        int k8 = a.Length & ~7;
        for (int t = 0; t < k8; t++) lane[t % 8] += dot ? a[t] * b[t] : a[t];
        float q0 = lane[0] + lane[4], q1 = lane[1] + lane[5], q2 = lane[2] + lane[6], q3 = lane[3] + lane[7];
        float s = (q0 + q1) + (q2 + q3);
        for (int t = k8; t < a.Length; t++) s += dot ? a[t] * b[t] : a[t];
        return s;
    }

    [Test]
    public void SumAndDotFollowTheFixedOrderAtEveryLength()
    {
        var random = new Random(11);
        for (int length = 0; length <= 70; length++)
        {
            // Values of mixed magnitude, so another order would round differently.
            var a = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 3 - 1)).ToArray();
            Assert.That(BitConverter.SingleToInt32Bits(OrderedSum.Sum(a)), Is.EqualTo(BitConverter.SingleToInt32Bits(Reference(a, a, dot: false))), $"sum of {length}");
            Assert.That(BitConverter.SingleToInt32Bits(OrderedSum.Dot(a, b)), Is.EqualTo(BitConverter.SingleToInt32Bits(Reference(a, b, dot: true))), $"dot of {length}");
        }
    }

    [Test]
    public void TheOrderMattersForTheseValues()
    {
        // A check on the test itself: with this data plain left-to-right addition rounds differently
        // somewhere, so equality with the reference above is not an accident of exact arithmetic.
        var random = new Random(11);
        int differing = 0;
        for (int length = 16; length <= 70; length++)
        {
            var a = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
            float sequential = 0;
            foreach (float v in a) sequential += v;
            if (sequential != OrderedSum.Sum(a)) differing++;
        }
        Assert.That(differing, Is.GreaterThan(0));
    }

    [Test]
    public void DotRefusesSpansOfDifferentLengths() =>
        Assert.Throws<ArgumentException>(() => OrderedSum.Dot(new float[3], new float[4]));
}
