using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeAE.Runtime.Data;

/// <summary>What to take from a data file.</summary>
public sealed record DataReadOptions
{
    /// <summary>Channels to keep, in this order; null = every numeric column that is not time or label.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    public string? LabelColumn { get; init; }
    public RowRange Rows { get; init; } = RowRange.All;
    /// <summary>Channel count for headerless raw float32 (.f32) files.</summary>
    public int? Channels { get; init; }
}

/// <summary>
/// Reads CSV (header required; ',' ';' or tab detected; a datetime/timestamp/time column becomes the
/// timestamps), raw little-endian float32 files and WAV audio (<see cref="WavFile"/>) into a <see cref="SensorTable"/>. Errors name the
/// file, line and column.
/// </summary>
public static class SensorDataReader
{
    private static readonly string[] TimeNames = ["datetime", "timestamp", "time", "date", "ts"];
    private static readonly string[] LabelNames = ["anomaly", "changepoint", "label", "labels", "is_anomaly", "target"];

    public static SensorTable Read(string path, DataReadOptions? options = null)
    {
        options ??= new DataReadOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' not found", path);
        if (path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) return WavFile.Read(path, options);
        return path.EndsWith(".f32", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)
            ? ReadF32(path, options)
            : ReadCsv(path, options);
    }

    public static bool IsTimeColumn(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        return TimeNames.Contains(n) || n.EndsWith("_time") || n.EndsWith("datetime") || n.EndsWith("timestamp");
    }

    public static bool IsLabelColumn(string name) => LabelNames.Contains(name.Trim().ToLowerInvariant());

    public static char DetectDelimiter(string header)
    {
        int semi = header.Count(c => c == ';'), tab = header.Count(c => c == '\t'), comma = header.Count(c => c == ',');
        if (tab > 0 && tab >= semi && tab >= comma) return '\t';
        if (semi > 0 && semi >= comma) return ';';
        return ',';
    }

    private static SensorTable ReadF32(string path, DataReadOptions options)
    {
        int channels = options.Channels ?? throw new InvalidParameterException(nameof(DataReadOptions.Channels), $"is needed to read raw float32 data ('{path}')");
        if (channels < 1) throw new InvalidParameterException(nameof(DataReadOptions.Channels), $"must be ≥ 1, got {channels}");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length % (4 * channels) != 0)
            throw new InputException(path, $"{bytes.Length} bytes is not a whole number of {channels}-channel float32 rows");
        float[] all = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        string[] names = Enumerable.Range(0, channels).Select(i => $"c{i}").ToArray();
        var table = new SensorTable(names, all, source: path);
        var (start, end) = options.Rows.Resolve(table.Rows);
        var sliced = start == 0 && end == table.Rows ? table : table.Slice(start, end);
        if (options.Columns is { Count: > 0 } cols)
            return sliced.SelectChannels(cols);
        return sliced;
    }

    private static SensorTable ReadCsv(string path, DataReadOptions options)
    {
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header is null) throw new InputException(path, $"empty file");
        header = header.TrimStart('\uFEFF');
        char delim = DetectDelimiter(header);
        string[] names = header.Split(delim).Select(h => h.Trim().Trim('"')).ToArray();

        int timeCol = Array.FindIndex(names, IsTimeColumn);
        int labelCol = -1;
        if (options.LabelColumn is not null)
        {
            labelCol = Array.IndexOf(names, options.LabelColumn);
            if (labelCol < 0) throw new InputException(path, $"no label column '{options.LabelColumn}' (have {string.Join(", ", names)})");
        }

        // Read everything as text first: "numeric column" is decided by the data, not the header.
        var rows = new List<string[]>();
        int lineNo = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNo++;
            if (line.Length == 0 || line.All(char.IsWhiteSpace)) continue;
            var cells = line.Split(delim);
            if (cells.Length != names.Length)
                throw new InputException($"{path}:{lineNo}: {cells.Length} cells, header has {names.Length}");
            rows.Add(cells);
        }
        var (start, end) = options.Rows.Resolve(rows.Count);

        int[] chosen;
        if (options.Columns is { Count: > 0 } cols)
        {
            chosen = cols.Select(c =>
            {
                int i = Array.IndexOf(names, c);
                return i >= 0 ? i : throw new InputException(path, $"no column '{c}' (have {string.Join(", ", names)})");
            }).ToArray();
        }
        else
        {
            chosen = Enumerable.Range(0, names.Length)
                .Where(i => i != timeCol && i != labelCol && !IsLabelColumn(names[i]) && IsNumericColumn(rows, i, start, end))
                .ToArray();
            if (chosen.Length == 0) throw new InputException(path, $"no numeric data columns");
        }

        int n = end - start, c = chosen.Length;
        var values = new float[n * c];
        DateTime[]? times = timeCol >= 0 ? new DateTime[n] : null;
        float[]? labels = labelCol >= 0 ? new float[n] : null;
        for (int r = 0; r < n; r++)
        {
            var cells = rows[start + r];
            for (int j = 0; j < c; j++)
                values[r * c + j] = ParseCell(cells[chosen[j]], path, start + r, names[chosen[j]]);
            if (times is not null) times[r] = ParseTime(cells[timeCol], path, start + r, names[timeCol]);
            if (labels is not null) labels[r] = ParseCell(cells[labelCol], path, start + r, names[labelCol]);
        }
        return new SensorTable(chosen.Select(i => names[i]).ToArray(), values, times, labels, path);
    }

    private static bool IsNumericColumn(List<string[]> rows, int col, int start, int end)
    {
        for (int r = start; r < end; r++)
        {
            string s = rows[r][col].Trim().Trim('"');
            if (s.Length == 0) continue;
            return float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }
        return false;
    }

    /// <summary>Empty cells are missing values (NaN), handled by the bad-sample policy downstream.</summary>
    private static float ParseCell(string cell, string path, int row, string column)
    {
        string s = cell.Trim().Trim('"');
        if (s.Length == 0) return float.NaN;
        if (float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v)) return v;
        throw new InputException(path, $"data row {row + 1}, column '{column}': '{s}' is not a number");
    }

    private static DateTime ParseTime(string cell, string path, int row, string column)
    {
        string s = cell.Trim().Trim('"');
        if (DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            return t;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double secs))
            return DateTime.UnixEpoch.AddSeconds(secs);
        throw new InputException(path, $"data row {row + 1}, column '{column}': '{s}' is not a time");
    }
}
