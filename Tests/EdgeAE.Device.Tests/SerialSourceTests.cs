using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using EdgeAE.Device.Options;
using EdgeAE.Device.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace EdgeAE.Device.Tests;

/// <summary>
/// SerialSource through System.IO.Ports on a real tty: a pseudo-terminal pair stands in for the UART
/// (the source opens the slave by its /dev/pts path and sets it up like any serial port; the test
/// writes to the master side as the sensor would).
/// </summary>
public partial class SerialSourceTests
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr winsize);

    private sealed class Collector : IFrameWriter
    {
        public ConcurrentQueue<float[]> Frames { get; } = new();
        public ConcurrentQueue<string> Faults { get; } = new();
        public bool Write(DateTime timestamp, ReadOnlySpan<float> values)
        {
            Frames.Enqueue(values.ToArray());
            return true;
        }
        public void ReportFault(EdgeAE.Device.Sensors.SensorFault fault) => Faults.Enqueue($"{fault.Sensor}: {fault.Message}");
    }

    private sealed class PseudoTerminal : IDisposable
    {
        private readonly SafeFileHandle slave;
        public FileStream Master { get; }
        public string SlavePath { get; }

        public PseudoTerminal()
        {
            if (openpty(out int m, out int s, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
                Assert.Ignore($"openpty failed (errno {Marshal.GetLastPInvokeError()}): no pseudo-terminals here");
            slave = new SafeFileHandle(s, ownsHandle: true);
            Master = new FileStream(new SafeFileHandle(m, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
            SlavePath = File.ResolveLinkTarget($"/proc/self/fd/{s}", returnFinalTarget: false)!.FullName;
        }

        public void Send(string text) => Master.Write(Encoding.ASCII.GetBytes(text));

        /// <summary>Hangs up the line: the open slave side then reads EIO, as when a USB adapter is pulled.</summary>
        public void HangUp()
        {
            Master.Dispose();
            slave.Dispose();
        }

        public void Dispose()
        {
            Master.Dispose();
            slave.Dispose();
        }
    }

    [Test]
    public void LinesFromTheTtyArriveAsFrames()
    {
        using var pty = new PseudoTerminal();
        using var source = new SerialSource(new SerialOptions { Port = pty.SlavePath, BaudRate = 115200 }, ["a", "b"], NullLogger.Instance, new EdgeAE.Device.Pipeline.StreamClock(TimeProvider.System));
        var sink = new Collector();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = Task.Factory.StartNew(() => source.Run(sink, cts.Token), TaskCreationOptions.LongRunning);
        // The port is set up when the source opens it; lines written before that could be echoed or cooked.
        Thread.Sleep(500);
        pty.Send("1.5,2\n3,4.25\n");
        Assert.That(SpinWait.SpinUntil(() => sink.Frames.Count >= 2, TimeSpan.FromSeconds(5)), Is.True, $"frames: {sink.Frames.Count}, faults: {string.Join(" | ", sink.Faults)}");
        Assert.That(sink.Frames.Take(2), Is.EqualTo(new[] { new[] { 1.5f, 2 }, new[] { 3f, 4.25f } }));
        Assert.That(sink.Faults, Is.Empty);
        cts.Cancel();
        Assert.That(run.Wait(TimeSpan.FromSeconds(5)), Is.True, "stops within a read timeout of cancellation");
    }

    [Test]
    public void AHungUpLineIsReportedAsASensorFault()
    {
        var pty = new PseudoTerminal();
        using var source = new SerialSource(new SerialOptions { Port = pty.SlavePath, BaudRate = 9600 }, ["a"], NullLogger.Instance, new EdgeAE.Device.Pipeline.StreamClock(TimeProvider.System));
        var sink = new Collector();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = Task.Factory.StartNew(() => source.Run(sink, cts.Token), TaskCreationOptions.LongRunning);
        Thread.Sleep(500);
        pty.Send("7\n");
        Assert.That(SpinWait.SpinUntil(() => sink.Frames.Count >= 1, TimeSpan.FromSeconds(5)), Is.True);
        pty.HangUp();
        Assert.That(SpinWait.SpinUntil(() => !sink.Faults.IsEmpty, TimeSpan.FromSeconds(5)), Is.True, "the hang-up is reported");
        Assert.That(sink.Faults.First(), Does.StartWith(pty.SlavePath));
        cts.Cancel();
        Assert.That(run.Wait(TimeSpan.FromSeconds(15)), Is.True, "the reconnect backoff still honours cancellation");
    }
}
