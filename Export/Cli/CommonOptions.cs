using System.CommandLine;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Data;

namespace EdgeAE.Export.Cli;

/// <summary>Options several verbs share, built fresh per command (System.CommandLine options are single-parent).</summary>
public static class CommonOptions
{
    public static Option<bool> ByPosition() => new("--by-position")
    {
        Description = "Take the data's columns as the bundle's channels in order, whatever their names (default: match by name)",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object on stdout (for scripts)" };

    public static Option<string[]> Columns() => new("--columns")
    {
        Description = "Channels to use, in order (default: every numeric non-time, non-label column)",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> Rows() => new("--rows") { Description = "Row range START:END of the data (e.g. 0:400)" };

    public static Option<int?> Channels() => new("--channels") { Description = "Channel count of raw float32 (.f32) data" };

    public static Option<string?> LabelColumn(string? fallback = null) => new("--label-column")
    {
        Description = "Name of the 0/1 label column",
        DefaultValueFactory = _ => fallback,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "ONNX Runtime intra-op threads",
        DefaultValueFactory = _ => 1,
    };

    public static DataReadOptions ReadOptions(ParseResult r, Option<string[]>? columns, Option<string?>? rows, Option<int?>? channels, Option<string?>? label = null) => new()
    {
        Columns = columns is null ? null : (r.GetValue(columns) is { Length: > 0 } c ? c.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() : null),
        Rows = rows is not null && r.GetValue(rows) is { } text ? ParseRows(rows.Name, text) : RowRange.All,
        Channels = channels is null ? null : r.GetValue(channels),
        LabelColumn = label is null ? null : r.GetValue(label),
    };

    /// <summary>Parses a START:END flag value; a bad one is a usage error naming the flag.</summary>
    public static RowRange ParseRows(string flag, string text)
    {
        try
        {
            return RowRange.Parse(text);
        }
        catch (InputException e)
        {
            throw new UsageException($"{flag} '{text}': {e.Problem}");
        }
    }
}
