using System.CommandLine;
using System.Text.Json.Nodes;
using EdgeAE.Export.Inspection;
using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Cli;

/// <summary>`edgeae inspect`: what is in an ONNX file or bundle, without running it.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "ONNX model or EdgeAE bundle" };
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show a model's manifest, inputs/outputs, op histogram, precision, parameters and graph hash") { model, json };
        command.SetAction(r =>
        {
            var info = ModelInspector.Inspect(r.GetValue(model)!);
            if (r.GetValue(json)) Console.WriteLine(info.ToJson().ToJsonString());
            else Console.Write(info.ToText());
            // A file that claims to be a bundle but cannot be used as one: say why, and fail.
            if (info.HasManifest && info.ManifestError is { } problem)
            {
                Console.Error.WriteLine($"edgeae: error: {info.Path}: not a usable bundle: {problem}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
