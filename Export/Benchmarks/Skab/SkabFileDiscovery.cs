using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Benchmarks.Skab;

/// <summary>Finds the labelled recordings of a SKAB-style directory tree.</summary>
public static class SkabFileDiscovery
{
    /// <summary>
    /// Every *.csv under <paramref name="directory"/> (recursively) whose header names
    /// <paramref name="labelColumn"/>, in a stable order (folder, then file name with numbers compared
    /// by value: valve1/2.csv before valve1/10.csv). Files without the label column (e.g. SKAB's
    /// anomaly-free recording) are skipped.
    /// </summary>
    public static IReadOnlyList<string> Find(string directory, string labelColumn = "anomaly")
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"SKAB data directory '{directory}' not found");
        var files = Directory.EnumerateFiles(directory, "*.csv", SearchOption.AllDirectories)
            .Where(f => HasColumn(f, labelColumn))
            .Select(f => (Path: f, Key: NaturalKey(Path.GetRelativePath(directory, f))))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => f.Path)
            .ToList();
        if (files.Count == 0) throw new InputException(directory, $"no CSV file with a '{labelColumn}' column (searched recursively)");
        return files;
    }

    private static bool HasColumn(string path, string column)
    {
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        if (header is null) return false;
        char delimiter = SensorDataReader.DetectDelimiter(header);
        return header.Split(delimiter).Any(h => string.Equals(h.Trim().Trim('"'), column, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Pads digit runs so ordinal comparison orders numbers by value.</summary>
    private static string NaturalKey(string relative)
    {
        var key = new System.Text.StringBuilder(relative.Length + 16);
        for (int i = 0; i < relative.Length;)
        {
            if (char.IsAsciiDigit(relative[i]))
            {
                int start = i;
                while (i < relative.Length && char.IsAsciiDigit(relative[i])) i++;
                key.Append(relative.AsSpan(start, i - start).ToString().PadLeft(10, '0'));
            }
            else key.Append(relative[i++] == '\\' ? '/' : relative[i - 1]);
        }
        return key.ToString();
    }
}
