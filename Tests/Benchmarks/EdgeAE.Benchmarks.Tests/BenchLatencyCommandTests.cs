using System.Text.Json.Nodes;
using EdgeAE.Export.Benchmarks;
using EdgeAE.Export.Cli;

namespace EdgeAE.Benchmarks.Tests;

/// <summary>End to end: builds (if needed) and runs the C++ harness, then the whole `bench latency` verb.</summary>
public class BenchLatencyCommandTests
{
    [Test]
    public async Task BenchLatencyJsonHasEveryFieldOfTheIssueForEachModel()
    {
        if (!File.Exists("/usr/bin/g++") && Environment.GetEnvironmentVariable(HarnessRunner.EnvironmentVariable) is null)
            Assert.Ignore("g++ is not installed, so the C++ harness cannot be built");
        string dir = Directory.CreateTempSubdirectory("edgeae-bench-cli-").FullName;
        var stdout = Console.Out;
        try
        {
            string model = BenchModels.WriteAll(dir).First(p => p.Contains("conv-28x28"));
            var captured = new StringWriter();
            Console.SetOut(captured);
            int exit = await CliApp.RunAsync(["bench", "latency", model, "--seconds", "0.1", "--rounds", "1", "--windows", "200", "--batch", "4", "--json"]);
            Console.SetOut(stdout);
            Assert.That(exit, Is.EqualTo(0), captured.ToString());

            var root = JsonNode.Parse(captured.ToString())!;
            Assert.That((string?)root["machine"], Is.Not.Empty);
            var m = root["models"]!.AsArray().Single()!;
            Assert.That((string?)m["name"], Is.EqualTo("conv-28x28"));
            Assert.That((string?)m["precision"], Is.EqualTo("fp32"));
            Assert.That((long)m["flops"]!, Is.EqualTo(2L * (16 * 14 * 14 * 9 + 32 * 7 * 7 * 16 * 9 + 32 * 7 * 7 * 16 * 9 + 16 * 14 * 14 * 9)));
            foreach (var key in new[] { "edgeae_us", "harness_us", "ratio", "pipeline_samples_per_s_hop1", "pipeline_ratio" })
                Assert.That((double)m[key]!, Is.GreaterThan(0), key);
            Assert.That((double)m["bytes_per_window"]!, Is.EqualTo(0));
            Assert.That((long)m["file_bytes"]!, Is.EqualTo(new FileInfo(model).Length));
            Assert.That((double)m["harness_batch_per_window_us"]!, Is.GreaterThan(0));
        }
        finally
        {
            Console.SetOut(stdout);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task BenchLatencyOnAMissingFileIsOneClearError()
    {
        if (!File.Exists("/usr/bin/g++") && Environment.GetEnvironmentVariable(HarnessRunner.EnvironmentVariable) is null)
            Assert.Ignore("g++ is not installed, so the C++ harness cannot be built");
        var stderr = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            int exit = await CliApp.RunAsync(["bench", "latency", "/nonexistent/model.onnx"]);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(captured.ToString(), Does.StartWith("edgeae: error: bundle '/nonexistent/model.onnx' does not exist"));
        }
        finally
        {
            Console.SetError(stderr);
        }
    }
}
