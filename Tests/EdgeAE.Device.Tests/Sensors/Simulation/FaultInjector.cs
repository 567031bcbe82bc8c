namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>Makes a simulated bus fail like a real one: the next N transactions, or every one until healed.</summary>
public sealed class FaultInjector
{
    private int failNext;

    /// <summary>Every transaction fails until set back to false.</summary>
    public bool Down { get; set; }

    /// <summary>Transactions that failed so far.</summary>
    public int Failures { get; private set; }

    public void FailNext(int count) => failNext = count;

    /// <summary>Called at the start of every transaction; throws what Linux reports for a NACK/timeout (EREMOTEIO).</summary>
    public void Transaction()
    {
        if (Down || failNext > 0)
        {
            failNext = Math.Max(0, failNext - 1);
            Failures++;
            throw new IOException("Error 121 performing I2C data transfer (Remote I/O error)");
        }
    }
}
