using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeAE.Plant.Commands;
using EdgeAE.Plant.Fleet;
using EdgeAE.Plant.Signing;
using EdgeAE.Runtime;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae fleet deploy bundle.onnx --node N | --group G`: sends a signed bundle (in chunks over
/// MQTT, or as a URL the boards download) and reports each board's verdict from its journal events:
/// accepted = the board verified and installed it (<c>deploy-accepted</c>) and swapped it in
/// (<c>model-reloaded</c> with the bundle's graph hash); rejected = <c>model-rejected</c> naming this deploy.
/// </summary>
public static class FleetDeployCommand
{
    public static Command Create()
    {
        var broker = new BrokerOptions();
        var bundle = new Argument<string>("bundle") { Description = "The bundle to roll out (signed with `edgeae sign`)" };
        var node = new Option<string?>("--node") { Description = "One board (edge node id); with --group naming its group (default group: edgeae)" };
        var signature = new Option<string?>("--signature") { Description = "Signature file (default: <bundle>.sig)" };
        var url = new Option<string?>("--url") { Description = "Let the boards download the bundle from this http(s) URL instead of sending chunks" };
        var chunkBytes = new Option<int>("--chunk-bytes") { Description = "Chunk size for the MQTT transfer", DefaultValueFactory = _ => 256 * 1024 };
        var discover = new Option<double>("--discover") { Description = "--group: seconds to listen for the group's boards first", DefaultValueFactory = _ => 12 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for every board's verdict", DefaultValueFactory = _ => 120 };
        var json = CommonOptions.Json();
        var command = new Command("deploy", "Roll a signed bundle out to one board or a group and report each board's acceptance or rejection")
            { bundle, node, signature, url, chunkBytes, discover, timeout, json };
        broker.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            string path = r.GetValue(bundle)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist");
            string? targetNode = r.GetValue(node);
            string? group = r.GetValue(broker.Group);
            if (targetNode is null && group is null) throw new UsageException("give --node N or --group G");
            group ??= "edgeae";
            byte[] bytes = File.ReadAllBytes(path);
            string sigPath = r.GetValue(signature) ?? path + BundleSigner.SignatureSuffix;
            if (!File.Exists(sigPath)) throw new FileNotFoundException($"{sigPath} does not exist: sign the bundle first (edgeae sign {path} --key KEY)");
            BundleSignature sig;
            try
            {
                sig = BundleSigner.ReadSignature(sigPath);
            }
            catch (InvalidDataException e)
            {
                // The plant library has no InputException: its file errors are the user's here.
                throw new InputException(e.Message, e);
            }
            string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(sig.Sha256, sha, StringComparison.OrdinalIgnoreCase))
                throw new InputException(sigPath, $"is the signature of another file (SHA-256 {sig.Sha256[..12]}…, the bundle is {sha[..12]}…)");
            string graph = OnnxModelFile.GraphSha256(bytes)[..12];
            string id = $"{Path.GetFileNameWithoutExtension(path)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

            await using var fleet = new FleetClient(broker.Settings(r, "deploy"), broker.Sparkplug(r), r.GetValue(broker.Prefix)!);
            var verdicts = new Dictionary<string, (string Result, string Detail)>();
            var installed = new HashSet<string>();
            var done = new TaskCompletionSource();
            List<string> targets = targetNode is null ? [] : [targetNode];
            fleet.View.EventReceived = e =>
            {
                if (e.Group != group || verdicts.ContainsKey(e.Node)) return;
                string message = Message(e.Json);
                if (e.Kind == "model-rejected" && (message.Contains($"deploy {id}:", StringComparison.Ordinal) || installed.Contains(e.Node)))
                    verdicts[e.Node] = ("rejected", message);
                else if (e.Kind == "deploy-accepted" && message.Contains($"deploy {id}:", StringComparison.Ordinal))
                {
                    installed.Add(e.Node);
                    if (message.Contains("already running", StringComparison.Ordinal)) verdicts[e.Node] = ("accepted", "already running");
                }
                else if (e.Kind == "model-reloaded" && installed.Contains(e.Node) && Model(e.Json) == graph)
                    verdicts[e.Node] = ("accepted", message);
                if (targets.Count > 0 && targets.All(verdicts.ContainsKey)) done.TrySetResult();
            };
            await fleet.ConnectAsync(group, ct);
            if (targetNode is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(r.GetValue(discover)), ct);
                lock (fleet.View) targets = fleet.View.Boards.Where(b => b.Group == group && b.Online).Select(b => b.Node).Order(StringComparer.Ordinal).ToList();
                if (targets.Count == 0) throw new IOException($"no online boards in group '{group}' within {r.GetValue(discover)} s");
            }
            foreach (var t in targets) await Send(fleet, group, t, id, bytes, sha, sig, r.GetValue(url), Math.Max(1024, r.GetValue(chunkBytes)), ct);

            var sw = Stopwatch.StartNew();
            await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(r.GetValue(timeout)), ct));
            Dictionary<string, (string Result, string Detail)> final;
            lock (fleet.View) final = targets.ToDictionary(t => t, t => verdicts.TryGetValue(t, out var v) ? v : ("no answer", $"nothing within {r.GetValue(timeout)} s"));
            if (r.GetValue(json))
                Console.WriteLine(new JsonObject
                {
                    ["deploy"] = id,
                    ["bundle"] = path,
                    ["sha256"] = sha,
                    ["graph"] = graph,
                    ["boards"] = new JsonArray(final.Select(kv => (JsonNode)new JsonObject { ["node"] = kv.Key, ["result"] = kv.Value.Result, ["detail"] = kv.Value.Detail }).ToArray()),
                }.ToJsonString());
            else
            {
                Console.WriteLine($"deploy {id}: {path} (graph {graph}) to {targets.Count} board(s) in {group}");
                foreach (var (n, (result, detail)) in final) Console.WriteLine($"  {n}: {result} — {detail}");
            }
            return final.Values.All(v => v.Result == "accepted") ? 0 : 1;
        });
        return command;
    }

    private static async Task Send(FleetClient fleet, string group, string node, string id, byte[] bytes, string sha, BundleSignature sig, string? url, int chunk, CancellationToken ct)
    {
        if (url is not null)
        {
            await fleet.SendAsync(group, node, new PlantCommand { Command = PlantCommand.DeployName, Id = id, Url = url, Size = bytes.Length, Sha256 = sha, Signature = sig }, ReadOnlyMemory<byte>.Empty, ct);
            return;
        }
        int count = Math.Max(1, (bytes.Length + chunk - 1) / chunk);
        for (int i = 0; i < count; i++)
        {
            var c = new PlantCommand { Command = PlantCommand.DeployName, Id = id, Size = bytes.Length, Sha256 = sha, Signature = sig, Index = i, Count = count };
            await fleet.SendAsync(group, node, c, bytes.AsMemory(i * chunk, Math.Min(chunk, bytes.Length - i * chunk)), ct);
        }
    }

    private static string Message(string json) => Field(json, "message");
    private static string Model(string json) => Field(json, "model");

    private static string Field(string json, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
