using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Export.Cli;

/// <summary>Which exceptions are the user's input being wrong (one line, exit 1) rather than our bug.</summary>
public static class CliErrors
{
    public static bool IsUserError(Exception e) => e is BundleException or InvalidDataException or FormatException
        or FileNotFoundException or DirectoryNotFoundException or UsageException or UnauthorizedAccessException or IOException
        or Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

    public static string Describe(Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ").Trim();
        return e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException ? "ONNX Runtime: " + message : message;
    }
}

/// <summary>A command-line argument combination that makes no sense.</summary>
public sealed class UsageException(string message) : Exception(message);
