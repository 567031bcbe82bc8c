using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeAE.Learning;

namespace EdgeAE.Export.Cli;

/// <summary>
/// `edgeae learn --from DIR`: learns from a recording pulled off a board (its learn directory) with
/// the recipe stored in it — the daemon's own code, so the same data and seed give the same bundle.
/// </summary>
public static class LearnCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Recording directory (the board's learn directory: recording.json, recording.bin)", Required = true };
        var seed = new Option<ulong?>("--seed") { Description = "Another seed than the recording's (the result then differs from the board's)" };
        var output = new Option<string>("--output", "-o") { Description = "Bundle to write (.onnx)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("learn", "Learn a bundle from a board's recording exactly as the board does (train, int8, calibrate, self-test)")
        {
            from, seed, output, json,
        };
        command.SetAction(r =>
        {
            bool asJson = r.GetValue(json);
            var progress = new ConsoleEpochProgress(asJson ? Console.Error : Console.Out, !asJson && !Console.IsOutputRedirected);
            LearnResult result;
            try
            {
                result = LearnRecipe.Run(r.GetValue(from)!, progress, seed: r.GetValue(seed));
            }
            finally
            {
                progress.Finish();
            }
            string path = Path.GetFullPath(r.GetValue(output)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temp = path + $".tmp{Environment.ProcessId}";
            File.WriteAllBytes(temp, result.Bundle);
            File.Move(temp, path, overwrite: true);
            var t = result.Manifest.Thresholds!;
            if (asJson)
                Console.WriteLine(new JsonObject
                {
                    ["output"] = path,
                    ["graph_sha256"] = result.GraphSha256,
                    ["rows"] = result.Rows,
                    ["recording_sha256"] = result.RecordingSha256,
                    ["epochs"] = result.Epochs,
                    ["val_loss"] = result.ValLoss,
                    ["baseline_val_loss"] = result.BaselineValLoss,
                    ["holdout_windows"] = result.HoldOutWindows,
                    ["warning"] = t.Warning,
                    ["alarm"] = t.Alarm,
                    ["bytes"] = result.Bundle.Length,
                }.ToJsonString());
            else
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"learned {path}: {result.Rows} rows, {result.Epochs} epochs, val loss {result.ValLoss:G4} (baseline {result.BaselineValLoss:G4}), int8, warning {t.Warning:G4}, alarm {t.Alarm:G4}, graph {result.GraphSha256}"));
            return 0;
        });
        return command;
    }
}
