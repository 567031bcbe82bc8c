using System.Runtime.InteropServices;
using EdgeAE.Runtime.Inference;

namespace EdgeAE.Runtime.Tests.Scoring;

public partial class TelemetryOptOutTests
{
    [Test]
    public void TheOptOutIsInTheCLibrarysEnvironmentWhereOnnxRuntimeReadsIt()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("ORT's Windows telemetry is ETW, switched off by DisableTelemetryEvents");
        SessionFactory.EnsureEnvironment();
        // .NET's Environment is a copy on Unix: ORT's getenv sees only what reached the C library.
        var native = Marshal.PtrToStringUTF8(GetEnv(OrtTelemetryOptOut.Variable));
        Assert.That(native, Is.Not.Null, "ORT_DISABLE_TELEMETRY is not in the native environment");
        Assert.That(native, Is.Not.EqualTo("0"));
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
