namespace EdgeAE.Plant.Sparkplug;

/// <summary>
/// The Sparkplug message sequence number: NBIRTH carries 0, every later message of the edge node
/// (DBIRTH, DDATA, DDEATH, NDATA) the previous value + 1, wrapping from 255 to 0. NDEATH has none.
/// </summary>
public sealed class SequenceCounter
{
    private int next;

    /// <summary>Starts a new session: the next value handed out is 0 (for the NBIRTH).</summary>
    public void Reset() => next = 0;

    public ulong Next()
    {
        ulong value = (ulong)next;
        next = (next + 1) & 0xFF;
        return value;
    }

    /// <summary>True when <paramref name="current"/> is the expected successor of <paramref name="previous"/>.</summary>
    public static bool Follows(ulong previous, ulong current) => current == ((previous + 1) & 0xFF);
}
