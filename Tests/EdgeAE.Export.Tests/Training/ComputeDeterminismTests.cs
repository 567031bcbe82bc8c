using EdgeAE.Training.Engine;

namespace EdgeAE.Export.Tests.Training;

public class ComputeDeterminismTests
{
    private static (float[] Y, float[] Dx, float[][] Grads) Run(Layer layer, int threads, float[] x, float[] dy, int n)
    {
        var c = new Compute(threads, new Rng(1), parallelThreshold: 0) { Training = true };
        foreach (var p in layer.Parameters) p.ZeroGrad();
        var y = new float[n * layer.OutSize];
        var dx = new float[n * layer.InSize];
        layer.Forward(c, x, y, n);
        layer.Backward(c, x, y, dy, dx, n);
        return (y, dx, layer.Parameters.Select(p => (float[])p.Grad.Clone()).ToArray());
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void ConvLayersGiveBitIdenticalResultsForAnyThreadCount(int threads)
    {
        var rng = new Rng(3);
        Layer[] layers =
        [
            new Conv(8, 1, 60, 32, ConvSpec.OneD(7, 2, 2, 3), oneD: true, rng),
            new ConvTranspose(16, 1, 30, 32, ConvSpec.OneD(7, 2, 2, 3), oneD: true, rng),
            new Dense(40, 24, rng),
        ];
        const int n = 30; // not a multiple of the chunk size: the last chunk is short
        foreach (var layer in layers)
        {
            var x = GradCheck.Random(rng, n * layer.InSize);
            var dy = GradCheck.Random(rng, n * layer.OutSize);
            var serial = Run(layer, 1, x, dy, n);
            var parallel = Run(layer, threads, x, dy, n);
            Assert.That(parallel.Y, Is.EqualTo(serial.Y), $"{layer} forward");
            Assert.That(parallel.Dx, Is.EqualTo(serial.Dx), $"{layer} dx");
            for (int i = 0; i < serial.Grads.Length; i++)
                Assert.That(parallel.Grads[i], Is.EqualTo(serial.Grads[i]), $"{layer} parameter {i}");
        }
    }

    [Test]
    public void RngIsReproducibleAndShuffleIsAPermutation()
    {
        var a = new Rng(9);
        var b = new Rng(9);
        for (int i = 0; i < 100; i++) Assert.That(a.NextULong(), Is.EqualTo(b.NextULong()));
        Assert.That(new Rng(10).NextULong(), Is.Not.EqualTo(new Rng(9).NextULong()));
        var items = Enumerable.Range(0, 50).ToArray();
        new Rng(1).Shuffle(items);
        Assert.That(items.OrderBy(v => v), Is.EqualTo(Enumerable.Range(0, 50)));
        Assert.That(items, Is.Not.EqualTo(Enumerable.Range(0, 50)));
        double mean = Enumerable.Range(0, 20000).Select(_ => a.NextGaussian()).Average();
        Assert.That(mean, Is.EqualTo(0).Within(0.05));
    }
}
