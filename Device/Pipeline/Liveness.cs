namespace EdgeAE.Device.Pipeline;

/// <summary>Heartbeat of the scoring loop; the systemd watchdog only pings while it is recent, so a hung loop gets the service restarted.</summary>
public sealed class Liveness
{
    private long lastBeat = Environment.TickCount64;

    public void Beat() => Volatile.Write(ref lastBeat, Environment.TickCount64);

    public TimeSpan Age => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref lastBeat));
}
