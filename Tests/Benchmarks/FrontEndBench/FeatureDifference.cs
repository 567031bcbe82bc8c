using System.Globalization;

namespace EdgeAE.Benchmarks.FrontEnds;

/// <summary>How one machine's features of the same window differ from a reference machine's: values not bit-identical, largest gap.</summary>
public sealed record FeatureDifference(int Unequal, double MaxAbsolute, double MaxRelative)
{
    public static FeatureDifference Between(ReadOnlySpan<float> features, ReadOnlySpan<float> reference)
    {
        if (features.Length != reference.Length)
            throw new InvalidDataException($"the reference holds {reference.Length} features, this front end writes {features.Length}");
        int unequal = 0;
        double maxAbsolute = 0, maxRelative = 0;
        for (int i = 0; i < features.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(features[i]) == BitConverter.SingleToUInt32Bits(reference[i])) continue;
            unequal++;
            double gap = Math.Abs((double)features[i] - reference[i]);
            maxAbsolute = Math.Max(maxAbsolute, gap);
            maxRelative = Math.Max(maxRelative, gap / Math.Max(Math.Abs((double)reference[i]), 1e-30));
        }
        return new FeatureDifference(unequal, maxAbsolute, maxRelative);
    }

    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $",\"unequal_to_reference\":{Unequal},\"max_abs_diff\":{MaxAbsolute:G6},\"max_rel_diff\":{MaxRelative:G6}");
}
