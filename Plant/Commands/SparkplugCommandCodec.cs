using System.Text.Json;
using EdgeAE.Plant.Sparkplug;
using EdgeAE.Plant.Sparkplug.Proto;
using Google.Protobuf;

namespace EdgeAE.Plant.Commands;

/// <summary>
/// Commands as NCMD metrics: <c>Node Control/Rebirth</c>, <c>EdgeAE/Acknowledge</c> and
/// <c>EdgeAE/Recommission</c>, <c>EdgeAE/Relearn</c> (Boolean true), <c>EdgeAE/Deploy</c> (the command as JSON, String) with
/// the chunk in <c>EdgeAE/Deploy/Chunk</c> (Bytes). Metrics are matched by name or by the alias the NBIRTH announced.
/// </summary>
public static class SparkplugCommandCodec
{
    public static byte[] Encode(PlantCommand command, ReadOnlySpan<byte> chunk, DateTimeOffset now)
    {
        ulong ts = MetricValues.Millis(now);
        var p = new Payload { Timestamp = ts };
        switch (command.Command)
        {
            case PlantCommand.AcknowledgeName:
                p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Acknowledge, EdgeMetrics.AliasOf(EdgeMetrics.Acknowledge), true, ts, true));
                break;
            case PlantCommand.RecommissionName:
                p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Recommission, EdgeMetrics.AliasOf(EdgeMetrics.Recommission), true, ts, true));
                break;
            case PlantCommand.RelearnName:
                p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Relearn, EdgeMetrics.AliasOf(EdgeMetrics.Relearn), true, ts, true));
                break;
            case PlantCommand.RebirthName:
                p.Metrics.Add(MetricValues.Bool(EdgeMetrics.Rebirth, EdgeMetrics.AliasOf(EdgeMetrics.Rebirth), true, ts, true));
                break;
            case PlantCommand.DeployName:
                p.Metrics.Add(MetricValues.String(EdgeMetrics.Deploy, EdgeMetrics.AliasOf(EdgeMetrics.Deploy),
                    JsonSerializer.Serialize(command, PlantJsonContext.Default.PlantCommand), ts, true));
                if (!chunk.IsEmpty)
                    p.Metrics.Add(MetricValues.Bytes(EdgeMetrics.DeployChunk, EdgeMetrics.AliasOf(EdgeMetrics.DeployChunk), chunk, ts, true));
                break;
            default:
                throw new ArgumentException($"unknown command '{command.Command}'", nameof(command));
        }
        return p.ToByteArray();
    }

    /// <summary>The commands in an NCMD payload (with the chunk bytes of a deploy); a metric it does not know is reported in <paramref name="problems"/>.</summary>
    public static List<(PlantCommand Command, byte[] Chunk)> Decode(ReadOnlySpan<byte> payload, List<string> problems)
    {
        var result = new List<(PlantCommand, byte[])>();
        Payload p;
        try
        {
            p = Payload.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            problems.Add($"not a Sparkplug B payload: {e.Message}");
            return result;
        }
        PlantCommand? deploy = null;
        byte[] chunk = [];
        foreach (var m in p.Metrics)
        {
            string name = Resolve(m);
            switch (name)
            {
                case EdgeMetrics.Rebirth when m.BooleanValue:
                    result.Add((new PlantCommand { Command = PlantCommand.RebirthName }, []));
                    break;
                case EdgeMetrics.Acknowledge when m.BooleanValue:
                    result.Add((new PlantCommand { Command = PlantCommand.AcknowledgeName }, []));
                    break;
                case EdgeMetrics.Recommission when m.BooleanValue:
                    result.Add((new PlantCommand { Command = PlantCommand.RecommissionName }, []));
                    break;
                case EdgeMetrics.Relearn when m.BooleanValue:
                    result.Add((new PlantCommand { Command = PlantCommand.RelearnName }, []));
                    break;
                case EdgeMetrics.Deploy:
                    try
                    {
                        deploy = JsonSerializer.Deserialize(m.StringValue, PlantJsonContext.Default.PlantCommand);
                    }
                    catch (JsonException e)
                    {
                        problems.Add($"{EdgeMetrics.Deploy}: not a deploy command ({e.Message})");
                    }
                    break;
                case EdgeMetrics.DeployChunk:
                    chunk = m.BytesValue.ToByteArray();
                    break;
                default:
                    problems.Add($"unknown command metric '{(m.HasName ? m.Name : "alias " + m.Alias)}'");
                    break;
            }
        }
        if (deploy is not null)
        {
            deploy.Command = PlantCommand.DeployName;
            result.Add((deploy, chunk));
        }
        return result;
    }

    private static readonly string[] Known = [EdgeMetrics.Rebirth, EdgeMetrics.Acknowledge, EdgeMetrics.Recommission, EdgeMetrics.Deploy, EdgeMetrics.DeployChunk, EdgeMetrics.Relearn];

    private static string Resolve(Payload.Types.Metric m)
    {
        if (m.HasName) return m.Name;
        foreach (var name in Known)
            if (EdgeMetrics.AliasOf(name) == m.Alias) return name;
        return "";
    }
}
