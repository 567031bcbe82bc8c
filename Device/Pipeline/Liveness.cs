namespace EdgeAE.Device.Pipeline;

/// <summary>Heartbeat of the scoring loop on the monotonic clock; the systemd watchdog only pings while it is recent, so a hung loop gets the service restarted.</summary>
public sealed class Liveness
{
    private readonly TimeProvider time;
    private long lastBeat;

    public Liveness(TimeProvider time)
    {
        this.time = time;
        lastBeat = time.GetTimestamp();
    }

    public void Beat() => Volatile.Write(ref lastBeat, time.GetTimestamp());

    public TimeSpan Age => time.GetElapsedTime(Volatile.Read(ref lastBeat));
}
