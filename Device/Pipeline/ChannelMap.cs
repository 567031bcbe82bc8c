namespace EdgeAE.Device.Pipeline;

/// <summary>
/// Maps the source's channel order onto the model's: by name when the source has every channel
/// the model needs, else by position when the counts agree (a source without names).
/// </summary>
public sealed class ChannelMap
{
    private readonly int[] index;

    private ChannelMap(int[] index, bool byName)
    {
        this.index = index;
        ByName = byName;
    }

    public bool ByName { get; }
    public int ModelChannels => index.Length;
    public bool IsIdentity => index.Select((v, i) => v == i).All(x => x);

    /// <summary>Builds the map, or returns null with the reason.</summary>
    public static ChannelMap? TryCreate(IReadOnlyList<string> source, IReadOnlyList<string> model, out string? problem)
    {
        problem = null;
        var idx = new int[model.Count];
        bool all = true;
        for (int c = 0; c < model.Count; c++)
        {
            idx[c] = IndexOf(source, model[c]);
            if (idx[c] < 0) all = false;
        }
        if (all) return new ChannelMap(idx, byName: true);
        if (source.Count == model.Count)
            return new ChannelMap(Enumerable.Range(0, model.Count).ToArray(), byName: false);
        problem = $"the model needs channels [{string.Join(", ", model)}], the source gives [{string.Join(", ", source)}]";
        return null;
    }

    public void Apply(ReadOnlySpan<float> source, Span<float> model)
    {
        for (int c = 0; c < index.Length; c++) model[c] = source[index[c]];
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}
