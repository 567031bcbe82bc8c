using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeAE.Device.Tests;

public class LineSourceTests
{
    private sealed class Collector : IFrameWriter
    {
        public ConcurrentQueue<(DateTime T, float[] V)> Frames { get; } = new();
        public bool Write(DateTime timestamp, ReadOnlySpan<float> values)
        {
            Frames.Enqueue((timestamp, values.ToArray()));
            return true;
        }
        public void ReportFault(EdgeAE.Device.Sensors.SensorFault fault) { }
    }

    [Test]
    public void CsvParserMapsHeaderColumnsByNameAndTurnsEmptyFieldsIntoNaN()
    {
        var p = new CsvLineParser(["b", "a"], new EdgeAE.Device.Pipeline.StreamClock(TimeProvider.System));
        var v = new float[2];
        Assert.That(p.Parse("timestamp;a;b", v, out _), Is.EqualTo(CsvLineParser.Result.Header));
        Assert.That(p.Parse("2026-01-01 00:00:01;1.5;2.5", v, out var t), Is.EqualTo(CsvLineParser.Result.Frame));
        Assert.That(v, Is.EqualTo(new[] { 2.5f, 1.5f }));
        Assert.That(t, Is.EqualTo(new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc)));
        Assert.That(p.Parse("2026-01-01 00:00:02;;3", v, out _), Is.EqualTo(CsvLineParser.Result.Frame));
        Assert.That(float.IsNaN(v[1]), Is.True);
        Assert.That(p.Parse("2026-01-01 00:00:03;x;3", v, out _), Is.EqualTo(CsvLineParser.Result.Skipped));
        Assert.That(p.Malformed, Is.EqualTo(1));
        Assert.That(p.LastProblem, Does.Contain("'x' is not a number"));
    }

    [Test]
    public void StdinReadsHeaderlessLinesByPositionUntilEndOfInput()
    {
        var input = new StringReader("1,2,3\n\n4,5,6\n7,8\n");
        using var source = new StdinSource(["x", "y", "z"], NullLogger.Instance, new EdgeAE.Device.Pipeline.StreamClock(TimeProvider.System), input);
        var sink = new Collector();
        source.Run(sink, CancellationToken.None);
        Assert.That(sink.Frames.Select(f => f.V), Is.EqualTo(new[] { new[] { 1f, 2, 3 }, new[] { 4f, 5, 6 } }));
        Assert.That(source.MalformedLines, Is.EqualTo(1), "the short line is counted, not fatal");
    }

    [TestCase(UdpFormat.Float32)]
    [TestCase(UdpFormat.Csv)]
    public void UdpReceivesDatagramsOnLoopback(UdpFormat format)
    {
        using var source = new UdpSource(new UdpOptions { Bind = "127.0.0.1", Port = FreePort(), Format = format }, ["a", "b"], NullLogger.Instance, new EdgeAE.Device.Pipeline.StreamClock(TimeProvider.System));
        var sink = new Collector();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var run = Task.Factory.StartNew(() => source.Run(sink, cts.Token), TaskCreationOptions.LongRunning);
        using var client = new UdpClient();
        byte[] payload = format == UdpFormat.Float32
            ? [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(2f), .. BitConverter.GetBytes(3f), .. BitConverter.GetBytes(4f)]
            : Encoding.UTF8.GetBytes("1,2\n3,4\n");
        client.Send(payload, payload.Length, (IPEndPoint)source.LocalEndPoint!);
        Assert.That(SpinWait.SpinUntil(() => sink.Frames.Count == 2, TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(sink.Frames.Select(f => f.V), Is.EqualTo(new[] { new[] { 1f, 2 }, new[] { 3f, 4 } }));
        cts.Cancel();
        run.Wait(TimeSpan.FromSeconds(3));
    }

    [Test]
    public void ReplayLoopsWithIncreasingTimestamps()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"edgeae-replay-{Guid.NewGuid():N}.csv");
        File.WriteAllText(csv, "timestamp,a,b\n2026-01-01 00:00:00,1,2\n2026-01-01 00:00:01,3,4\n2026-01-01 00:00:02,5,6\n");
        try
        {
            using var source = new ReplaySource(csv, null, speed: 0, loop: true);
            var sink = new Collector();
            using var cts = new CancellationTokenSource();
            var run = Task.Run(() => source.Run(new StopAfter(sink, 7, cts), cts.Token));
            Assert.That(run.Wait(TimeSpan.FromSeconds(5)), Is.True);
            var frames = sink.Frames.ToArray();
            Assert.That(frames.Select(f => f.V[0]), Is.EqualTo(new[] { 1f, 3, 5, 1, 3, 5, 1 }));
            Assert.That(frames.Select(f => f.T.Second), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 6 }), "each pass continues the clock by one period");
            Assert.That(source.IsFinite, Is.False);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private sealed class StopAfter(Collector inner, int count, CancellationTokenSource cts) : IFrameWriter
    {
        public bool Write(DateTime timestamp, ReadOnlySpan<float> values)
        {
            inner.Write(timestamp, values);
            if (inner.Frames.Count < count) return true;
            cts.Cancel();
            return false;
        }
        public void ReportFault(EdgeAE.Device.Sensors.SensorFault fault) { }
    }

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
