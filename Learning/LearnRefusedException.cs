using EdgeAE.Runtime;

namespace EdgeAE.Learning;

/// <summary>The recording cannot give a trustworthy model; the message is the one line the technician reads.</summary>
public sealed class LearnRefusedException(string reason) : InputException($"learning refused: {reason}")
{
    public string Reason { get; } = reason;
}
