using EdgeAE.Device.Options;
using EdgeAE.Device.Pipeline;

namespace EdgeAE.Device.Tests;

public class FrameQueueTests
{
    [Test]
    public void DropPolicyCountsEveryRefusedFrameAndKeepsOrder()
    {
        var q = new FrameQueue(4, 2, OverflowPolicy.Drop, CancellationToken.None);
        for (int i = 0; i < 10; i++) Assert.That(q.Write(DateTime.UnixEpoch.AddSeconds(i), [i, -i]), Is.True);
        Assert.That(q.Dropped, Is.EqualTo(6));
        var v = new float[2];
        var got = new List<float>();
        while (q.TryRead(v, out _, TimeSpan.Zero)) got.Add(v[0]);
        Assert.That(got, Is.EqualTo(new[] { 0f, 1, 2, 3 }), "accepted frames arrive in order; the refused ones are counted, not lost silently");
    }

    [Test]
    public void BlockPolicyMakesTheProducerWaitAndLosesNothing()
    {
        var q = new FrameQueue(8, 1, OverflowPolicy.Block, CancellationToken.None);
        var producer = Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++) q.Write(DateTime.UnixEpoch, [i]);
            q.Complete();
        });
        var v = new float[1];
        long sum = 0, count = 0;
        while (!q.IsDrained)
            if (q.TryRead(v, out _, TimeSpan.FromMilliseconds(50)))
            {
                Assert.That(v[0], Is.EqualTo(count));
                sum += (long)v[0];
                count++;
            }
        producer.Wait();
        Assert.That(count, Is.EqualTo(10_000));
        Assert.That(q.Dropped, Is.Zero);
    }
}
