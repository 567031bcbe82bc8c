using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Benchmarks;

/// <summary>Batch-1 and batch-B timings of one model as measured by the C++ harness.</summary>
public sealed record HarnessResult(TimingStats Batch1, TimingStats? BatchB, int Batch, string OrtVersion);

/// <summary>
/// Finds (or builds) the C++ ONNX Runtime harness and runs it on a model. The harness lives in
/// Tests/Benchmarks/harness; <c>EDGEAE_ORT_HARNESS</c> points at a prebuilt binary instead.
/// </summary>
public static class HarnessRunner
{
    public const string EnvironmentVariable = "EDGEAE_ORT_HARNESS";

    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv)
            return File.Exists(fromEnv) ? fromEnv : throw new FileNotFoundException($"{EnvironmentVariable}={fromEnv}: no such file");
        string harnessDir = Path.Combine(RepoRoot(), "Tests", "Benchmarks", "harness");
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string binary = Path.Combine(harnessDir, "bin", rid, "ort_harness");
        if (File.Exists(binary)) return binary;
        var build = Run("bash", [Path.Combine(harnessDir, "build.sh"), "--rid", rid], TimeSpan.FromMinutes(5));
        if (build.ExitCode != 0 || !File.Exists(binary))
            throw new InputException($"building the C++ harness failed (exit {build.ExitCode}): {LastLine(build.StdErr)}");
        return binary;
    }

    public static HarnessResult Measure(string harness, string model, int threads, int batch, TimeSpan minDuration)
    {
        var args = new List<string> { model, "--threads", threads.ToString(), "--batch", batch.ToString(), "--min-ms", ((int)minDuration.TotalMilliseconds).ToString() };
        var run = Run(harness, args, TimeSpan.FromMinutes(10));
        if (run.ExitCode != 0)
            throw new InputException($"the C++ harness failed on '{model}' (exit {run.ExitCode}): {LastLine(run.StdErr)}");
        return Parse(run.StdOut, batch);
    }

    public static HarnessResult Parse(string json, int batch)
    {
        var root = JsonNode.Parse(json) ?? throw new InputException("the C++ harness printed no JSON");
        static TimingStats Stats(JsonNode node) => new(
            (long)node["iters"]!, (double)node["median_us"]!, (double)node["p90_us"]!, (double)node["min_us"]!);
        var many = root["batchB"];
        return new HarnessResult(Stats(root["batch1"]!), many is null ? null : Stats(many), batch, (string?)root["ort_version"] ?? "?");
    }

    /// <summary>The directory holding EdgeAE.sln, searched upwards from the working directory and from this program.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EdgeAE.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"cannot find the EdgeAE repository (EdgeAE.sln) to build the C++ harness; set {EnvironmentVariable} to a built ort_harness");
    }

    private sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

    private static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InputException($"cannot start '{file}'");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InputException($"'{file}' did not finish within {timeout.TotalMinutes:0} min");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}
