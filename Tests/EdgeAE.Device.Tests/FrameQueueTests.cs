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

    [Test]
    public void ASleepingConsumerIsWokenByTheNextFrameAndByTheEnd()
    {
        // A lost wake-up would leave the reader asleep for its whole 30 s timeout.
        var q = new FrameQueue(4, 1, OverflowPolicy.Block, CancellationToken.None);
        var v = new float[1];
        for (int round = 0; round < 200; round++)
        {
            var reader = Task.Run(() => q.TryRead(v, out _, TimeSpan.FromSeconds(30)));
            if (round % 2 == 0) Thread.Yield();
            q.Write(DateTime.UnixEpoch, [round]);
            Assert.That(reader.Wait(TimeSpan.FromSeconds(10)), Is.True, $"round {round}: the reader slept through a frame");
            Assert.That(reader.Result, Is.True);
            Assert.That(v[0], Is.EqualTo(round));
        }
        var last = Task.Run(() => q.TryRead(v, out _, TimeSpan.FromSeconds(30)));
        Thread.Sleep(20);
        q.Complete();
        Assert.That(last.Wait(TimeSpan.FromSeconds(10)), Is.True, "Complete() wakes a sleeping reader");
        Assert.That(last.Result, Is.False);
        Assert.That(q.IsDrained, Is.True);
    }

    [Test]
    public void AFullBlockingQueueWakesItsProducerWhenTheConsumerReads()
    {
        var q = new FrameQueue(2, 1, OverflowPolicy.Block, CancellationToken.None);
        q.Write(DateTime.UnixEpoch, [0]);
        q.Write(DateTime.UnixEpoch, [1]);
        var writer = Task.Run(() => q.Write(DateTime.UnixEpoch, [2]));
        Thread.Sleep(20);
        Assert.That(writer.IsCompleted, Is.False, "the third frame waits for room");
        var v = new float[1];
        Assert.That(q.TryRead(v, out _, TimeSpan.Zero), Is.True);
        Assert.That(writer.Wait(TimeSpan.FromSeconds(10)), Is.True, "reading a frame makes room for the waiting producer");
        Assert.That(q.Count, Is.EqualTo(2));
    }

    [Test]
    public void AProducerThatFoundTheQueueFullWaitsForHalfOfItNotForOneSlot()
    {
        // A replay at full speed against a slower scorer: one sleep per half ring, not one per frame.
        var q = new FrameQueue(64, 1, OverflowPolicy.Block, CancellationToken.None);
        var producer = Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++) q.Write(DateTime.UnixEpoch, [i]);
            q.Complete();
        });
        var v = new float[1];
        long count = 0;
        while (!q.IsDrained)
            if (q.TryRead(v, out _, TimeSpan.FromMilliseconds(50)))
            {
                Assert.That(v[0], Is.EqualTo(count++));
                Thread.SpinWait(200);   // the scorer is the slower side
            }
        Assert.That(producer.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(count, Is.EqualTo(10_000));
        Assert.That(q.ProducerWaits, Is.GreaterThan(0), "the consumer was slower: the producer must have found the queue full");
        Assert.That(q.ProducerWaits, Is.LessThanOrEqualTo(10_000 / 32 + 2));
    }
}
