namespace EdgeAE.Runtime;

/// <summary>
/// The caller's input is wrong — a file, a value, a setting — as opposed to a bug of ours. Front
/// ends print it as one line and exit non-zero; any other exception is an internal failure.
/// <see cref="Subject"/> names what is wrong in the library's own terms (a file path, a parameter,
/// a channel, a layer), never a command-line flag or a configuration key: the CLI and the daemon
/// translate parameters into their own names (see <see cref="InvalidParameterException"/>).
/// </summary>
public class InputException : Exception
{
    /// <summary>A problem whose sentence names its subject itself.</summary>
    public InputException(string message)
        : this("", message)
    {
    }

    public InputException(string message, Exception inner)
        : this("", message, inner)
    {
    }

    public InputException(string subject, string problem, Exception? inner = null)
        : base(subject.Length == 0 ? problem : $"{subject}: {problem}", inner)
    {
        Subject = subject;
        Problem = problem;
    }

    /// <summary>What is wrong: a file path, a parameter, a channel, a node… (empty when the problem says it all).</summary>
    public string Subject { get; }

    /// <summary>What is wrong with it, in one clause.</summary>
    public string Problem { get; }
}
