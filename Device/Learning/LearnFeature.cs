using System.Diagnostics.CodeAnalysis;

namespace EdgeAE.Device.Learning;

/// <summary>
/// Whether this build carries on-board learning. The trainer, the quantizer and the ONNX graph code
/// add about 1.3 MB to the arm64 binary, past its 12 MB budget; a trim-time feature switch
/// (like MetricsSupport) lets publish.sh build the daemon with or without them from the same
/// source: <c>-p:OnBoardLearning=false</c> makes this a constant false and ILC drops everything
/// only reachable behind it. Builds that do not set it (tests, `dotnet run`) have learning.
/// </summary>
internal static class LearnFeature
{
    public const string Switch = "EdgeAE.Device.OnBoardLearning";

    [FeatureSwitchDefinition(Switch)]
    public static bool IsSupported => !AppContext.TryGetSwitch(Switch, out bool on) || on;
}
