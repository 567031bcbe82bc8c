using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Import;

/// <summary>Fits per-channel normalization (z-score or min-max) on training data, in double precision.</summary>
public static class NormalizationFitter
{
    public static NormalizationSpec Fit(NormalizationKind kind, SensorTable table)
    {
        if (kind == NormalizationKind.None) return new NormalizationSpec();
        int c = table.ChannelCount;
        if (table.Rows < 2) throw new InvalidDataException($"{table.Source}: {table.Rows} rows; fitting {Name(kind)} normalization needs at least 2");
        var offset = new float[c];
        var scale = new float[c];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0, sumSq = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            long n = 0;
            for (int r = 0; r < table.Rows; r++)
            {
                double v = table.Values[r * c + ch];
                if (!double.IsFinite(v)) continue;
                n++;
                sum += v;
                sumSq += v * v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (n < 2) throw new InvalidDataException($"{table.Source}: channel '{table.Channels[ch]}' has {n} finite values; cannot fit normalization");
            double mean = sum / n;
            double std = Math.Sqrt(Math.Max(sumSq / n - mean * mean, 0));
            (offset[ch], scale[ch]) = kind == NormalizationKind.ZScore ? ((float)mean, (float)std) : ((float)min, (float)(max - min));
            if (!(scale[ch] > 0))
                throw new InvalidDataException($"{table.Source}: channel '{table.Channels[ch]}' is constant in the fit data; {Name(kind)} normalization is undefined for it");
        }
        return new NormalizationSpec { Kind = kind, Offset = offset, Scale = scale };
    }

    private static string Name(NormalizationKind kind) => kind == NormalizationKind.ZScore ? "zscore" : "minmax";
}
