namespace EdgeAE.Runtime.Streaming.Preprocessing;

/// <summary>
/// yₜ = xₜ − median of the previous H frames on the stage's channels (fewer at the start; an even count takes the
/// mean of the two middle values; the first frame gives 0). A rolling median follows a level change
/// only once it has held for half the horizon and ignores short spikes, unlike an EMA. Each channel
/// keeps its last H values in arrival order (a ring) and sorted (an insertion-sorted array): one
/// update is O(H), nothing is allocated after construction. Held adaptation leaves both unchanged.
/// </summary>
internal sealed class MedianDetrendStage : IPreprocessingStage
{
    private readonly int[] channels;
    private readonly int horizon;
    private readonly float[] ring;     // C × H, arrival order
    private readonly float[] sorted;   // C × H, ascending, first `count` valid
    private int count;
    private int next;

    public MedianDetrendStage(int[] channels, int horizon)
    {
        this.channels = channels;
        this.horizon = horizon;
        ring = new float[channels.Length * horizon];
        sorted = new float[channels.Length * horizon];
    }

    public void Apply(Span<float> values, bool adapt)
    {
        for (int k = 0; k < channels.Length; k++)
        {
            int c = channels[k];
            var s = sorted.AsSpan(k * horizon, horizon);
            float x = values[c];
            values[c] = count == 0 ? 0f : (float)(x - Median(s[..count]));
            if (!adapt) continue;
            if (count == horizon) Remove(s, ring[k * horizon + next]);
            Insert(s, count == horizon ? horizon - 1 : count, x);
            ring[k * horizon + next] = x;
        }
        if (!adapt) return;
        next = next + 1 == horizon ? 0 : next + 1;
        if (count < horizon) count++;
    }

    public void Reset()
    {
        count = 0;
        next = 0;
    }

    private static double Median(ReadOnlySpan<float> s)
    {
        int n = s.Length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * ((double)s[n / 2 - 1] + s[n / 2]);
    }

    /// <summary>Removes one occurrence of <paramref name="value"/> from the full sorted span.</summary>
    private static void Remove(Span<float> s, float value)
    {
        int i = s.BinarySearch(value);
        if (i < 0) throw new InvalidOperationException("median ring and sorted copy disagree");
        s[(i + 1)..].CopyTo(s[i..]);
    }

    /// <summary>Inserts into the first <paramref name="used"/> sorted values (room for one more).</summary>
    private static void Insert(Span<float> s, int used, float value)
    {
        int i = s[..used].BinarySearch(value);
        if (i < 0) i = ~i;
        s[i..used].CopyTo(s[(i + 1)..]);
        s[i] = value;
    }
}
