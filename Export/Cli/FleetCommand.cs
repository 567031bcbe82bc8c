using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeAE.Plant.Fleet;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae fleet`: every board of a group as the broker shows it (state, last score and level, alarms
/// today, model hash and version, last seen, backlog), live in a terminal table, or `--json` once.
/// Boards whose births were missed are asked for a rebirth (needs an authenticated login).
/// Subcommands: `deploy` (roll out a signed bundle), `simulate` (fake boards for tests and benchmarks).
/// </summary>
public static class FleetCommand
{
    public static Command Create()
    {
        var broker = new BrokerOptions();
        var json = CommonOptions.Json();
        var wait = new Option<double>("--wait") { Description = "--json: seconds to listen before printing (boards answer the rebirth request)", DefaultValueFactory = _ => 3 };
        var duration = new Option<double>("--for") { Description = "Live view: stop after this many seconds (0 = until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var stats = new Option<bool>("--stats") { Description = "At the end, print message rate and publish-to-receive latency percentiles (JSON)" };
        var command = new Command("fleet", "Show the boards of a plant broker live (or --json once); subcommands deploy and simulate") { json, wait, duration, stats };
        broker.AddTo(command);
        command.Subcommands.Add(FleetDeployCommand.Create());
        command.Subcommands.Add(FleetSimulateCommand.Create());
        command.SetAction(async (r, ct) =>
        {
            await using var fleet = new FleetClient(broker.Settings(r, "fleet"), broker.Sparkplug(r), r.GetValue(broker.Prefix)!);
            await fleet.ConnectAsync(r.GetValue(broker.Group), ct);
            var clock = Stopwatch.StartNew();
            double cpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            if (r.GetValue(json))
            {
                await Task.Delay(TimeSpan.FromSeconds(r.GetValue(wait)), ct);
                lock (fleet.View)
                    Console.WriteLine(new JsonObject { ["broker"] = r.GetValue(broker.Broker), ["group"] = r.GetValue(broker.Group), ["boards"] = FleetTable.Json(fleet.View.Boards) }.ToJsonString());
                return 0;
            }
            double seconds = r.GetValue(duration);
            bool terminal = !Console.IsOutputRedirected;
            var refresh = TimeSpan.FromSeconds(terminal ? 1 : 5);
            try
            {
                while (seconds <= 0 || clock.Elapsed.TotalSeconds < seconds)
                {
                    var next = refresh;
                    if (seconds > 0) next = TimeSpan.FromSeconds(Math.Min(refresh.TotalSeconds, Math.Max(0.05, seconds - clock.Elapsed.TotalSeconds)));
                    await Task.Delay(next, ct);
                    string table;
                    lock (fleet.View) table = FleetTable.Text(fleet.View.Boards, DateTime.UtcNow);
                    // Home + clear on a terminal: the table redraws in place.
                    Console.Write(terminal ? "\u001b[H\u001b[2J" + table : table + "\n");
                }
            }
            catch (OperationCanceledException)
            {
            }
            if (r.GetValue(stats))
                lock (fleet.View)
                    Console.WriteLine(Stats(fleet.View, clock.Elapsed.TotalSeconds, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuStart).ToJsonString());
            return 0;
        });
        return command;
    }

    private static JsonObject Stats(FleetView view, double seconds, double cpuSeconds)
    {
        var sorted = view.LatenciesMs.Order().ToArray();
        double? P(double q) => sorted.Length == 0 ? null : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))], 2);
        return new JsonObject
        {
            ["boards"] = view.Boards.Count,
            ["messages"] = view.MessagesReceived,
            ["seconds"] = Math.Round(seconds, 2),
            ["messages_per_second"] = Math.Round(view.MessagesReceived / seconds, 1),
            ["latency_samples"] = sorted.Length,
            ["latency_ms_p50"] = P(0.50),
            ["latency_ms_p90"] = P(0.90),
            ["latency_ms_p99"] = P(0.99),
            ["latency_ms_max"] = sorted.Length == 0 ? null : Math.Round(sorted[^1], 2),
            ["seq_gaps"] = view.Boards.Sum(b => b.SeqGaps),
            ["watcher_cpu_seconds"] = Math.Round(cpuSeconds, 2),
            ["watcher_cpu_percent_of_one_core"] = Math.Round(100 * cpuSeconds / seconds, 1),
        };
    }
}
