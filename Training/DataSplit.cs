using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Training;

/// <summary>
/// Splits a table by time: the last fraction of rows is validation, the rest training; windows are
/// cut inside each part only, so no validation window shares a row with a training window and the
/// normalization is fitted on training rows alone.
/// </summary>
public static class DataSplit
{
    public static (SensorTable Train, SensorTable? Validation) ByTime(SensorTable table, double valFraction, int window)
    {
        if (!(valFraction >= 0 && valFraction < 1))
            throw new InvalidParameterException(nameof(TrainingOptions.ValSplit), $"must be in [0, 1), got {valFraction}");
        if (table.Rows < window)
            throw new InputException(table.Source, $"{table.Rows} rows, fewer than one window of {window}");
        if (valFraction == 0) return (table, null);
        int valRows = (int)Math.Round(table.Rows * valFraction);
        int trainRows = table.Rows - valRows;
        if (valRows < window || trainRows < window)
            throw new InputException(table.Source,
                $"{table.Rows} rows split {trainRows} train / {valRows} validation, and each part needs at least one window of {window} rows (use more rows, a smaller window, or no validation split)");
        return (table.Slice(0, trainRows), table.Slice(trainRows, table.Rows));
    }
}
