using System.Runtime.InteropServices;

namespace EdgeAE.Runtime.Inference;

/// <summary>
/// ONNX Runtime 1.31's Linux/macOS builds carry 1DS telemetry: at environment creation they write a
/// persistent device identifier and an offline event cache (a SQLite file under
/// ~/.cache/Microsoft/DeveloperTools/.onnxruntime) and start an uploader. <c>DisableTelemetryEvents()</c>
/// only mutes events after that; the documented full opt-out is <c>ORT_DISABLE_TELEMETRY=1</c> in the
/// process environment before the first OrtEnv. A factory device must not phone home, and the cache
/// cost ~13 ms of every start (measured with strace on the x64 package). .NET on Unix keeps its own
/// copy of the environment, so the variable is set in the C library's, where ORT reads it.
/// </summary>
internal static partial class OrtTelemetryOptOut
{
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    /// <summary>Sets ORT_DISABLE_TELEMETRY=1 unless the process was started with a value of its own.</summary>
    public static void Apply()
    {
        if (OperatingSystem.IsWindows()) return;   // Windows builds use ETW, switched off by DisableTelemetryEvents
        if (Environment.GetEnvironmentVariable(Variable) is not null) return;
        SetEnv(Variable, "1", overwrite: 0);
        Environment.SetEnvironmentVariable(Variable, "1");
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
