using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EdgeAE.Plant.Fleet;

namespace EdgeAE.Export.Cli;

/// <summary>The fleet as a terminal table or a JSON array.</summary>
public static class FleetTable
{
    public static string Text(IEnumerable<BoardState> boards, DateTime now)
    {
        var rows = new List<string[]> { new[] { "GROUP", "NODE", "STATE", "LEVEL", "SCORE", "ALARMS TODAY", "MODEL", "VERSION", "LAST SEEN", "BACKLOG" } };
        foreach (var b in boards.OrderBy(b => b.Group, StringComparer.Ordinal).ThenBy(b => b.Node, StringComparer.Ordinal))
            rows.Add([
                b.Group, b.Node, b.Online ? b.State : "offline", b.Level,
                b.Score is { } s ? s.ToString("G4", CultureInfo.InvariantCulture) : "-",
                b.AlarmsToday.ToString(CultureInfo.InvariantCulture), b.ModelHash, b.ModelVersion,
                b.LastSeen == default ? "-" : Ago(now - b.LastSeen), b.Backlog.ToString(CultureInfo.InvariantCulture),
            ]);
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in rows) sb.AppendLine(string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        if (rows.Count == 1) sb.AppendLine("(no boards seen yet)");
        return sb.ToString();
    }

    public static JsonArray Json(IEnumerable<BoardState> boards) =>
        new(boards.OrderBy(b => b.Group, StringComparer.Ordinal).ThenBy(b => b.Node, StringComparer.Ordinal).Select(b => (JsonNode)new JsonObject
        {
            ["group"] = b.Group,
            ["node"] = b.Node,
            ["online"] = b.Online,
            ["state"] = b.Online ? b.State : "offline",
            ["level"] = b.Level,
            ["score"] = b.Score,
            ["alarms_today"] = b.AlarmsToday,
            ["model_hash"] = b.ModelHash,
            ["model_version"] = b.ModelVersion,
            ["software"] = b.Software,
            ["last_seen"] = b.LastSeen == default ? null : b.LastSeen.ToString("O", CultureInfo.InvariantCulture),
            ["backlog"] = b.Backlog,
            ["bd_seq"] = b.BdSeq,
            ["seq_gaps"] = b.SeqGaps,
            ["last_event_seq"] = b.LastEventSeq,
        }).ToArray());

    private static string Ago(TimeSpan t) => t.TotalSeconds < 60 ? $"{Math.Max(0, t.TotalSeconds):0}s ago" : t.TotalMinutes < 60 ? $"{t.TotalMinutes:0}m ago" : $"{t.TotalHours:0.#}h ago";
}
