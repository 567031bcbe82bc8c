using System.Text;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Which exceptions are the user's input being wrong (one line, exit 1) and which are our bug (a line
/// saying so, exit 70), and how a library's parameter name reads as this tool's flag.
/// </summary>
public static class CliErrors
{
    /// <summary>Exit code of an internal failure (sysexits' EX_SOFTWARE).</summary>
    public const int InternalErrorExitCode = 70;

    /// <summary>Library parameters whose flag is not simply their kebab-cased name.</summary>
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["BatchSize"] = "--batch",
        ["LearningRate"] = "--lr",
        ["CodebookSize"] = "--codebook",
        ["PotInitialLevel"] = "--pot-level",
        ["Adaptive.InitialLevel"] = "--adaptive-level",
    };

    public static bool IsUserError(Exception e) => e is InputException or UsageException
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
        or Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

    public static string Describe(Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ").Trim();
        return e switch
        {
            InvalidParameterException p => $"{FlagOf(p.Parameter)}: {p.Problem.ReplaceLineEndings(" ").Trim()}",
            Microsoft.ML.OnnxRuntime.OnnxRuntimeException => "ONNX Runtime: " + message,
            _ => message,
        };
    }

    /// <summary>The two lines an internal failure prints: what broke, and that it is ours to fix.</summary>
    public static string[] DescribeInternal(Exception e) =>
    [
        $"edgeae: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ").Trim()}",
        "edgeae: this is a bug in edgeae, not a problem with your input; please report it with the command line"
            + (Environment.GetEnvironmentVariable("EDGEAE_TRACE") == "1" ? ":" : " (EDGEAE_TRACE=1 prints the stack trace)"),
    ];

    /// <summary>
    /// The flag a library parameter is set with: <c>Q</c> → <c>--q</c>, <c>RaiseAfter</c> → <c>--raise-after</c>,
    /// <c>Adaptive.Risk</c> → <c>--adaptive-risk</c>.
    /// </summary>
    public static string FlagOf(string parameter)
    {
        if (Flags.TryGetValue(parameter, out var flag)) return flag;
        var sb = new StringBuilder("-");
        foreach (var part in parameter.Split('.'))
        {
            sb.Append('-');
            for (int i = 0; i < part.Length; i++)
            {
                if (char.IsUpper(part[i]) && i > 0) sb.Append('-');
                sb.Append(char.ToLowerInvariant(part[i]));
            }
        }
        return sb.ToString();
    }
}

/// <summary>A command-line argument combination that makes no sense.</summary>
public sealed class UsageException(string message) : Exception(message);
