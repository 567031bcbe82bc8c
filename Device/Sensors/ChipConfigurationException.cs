namespace EdgeAE.Device.Sensors;

/// <summary>A <see cref="ChipOptions"/> value the chip cannot do; <see cref="Key"/> names the property (e.g. <c>RateHz</c>).</summary>
public sealed class ChipConfigurationException : ArgumentException
{
    public ChipConfigurationException(int index, string key, string problem)
        : base($"{index}:{key}: {problem}")
    {
        Index = index;
        Key = key;
        Problem = problem;
    }

    /// <summary>Position of the chip in the configured list.</summary>
    public int Index { get; }

    public string Key { get; }

    public string Problem { get; }
}
