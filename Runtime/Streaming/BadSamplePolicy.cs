namespace EdgeAE.Runtime.Streaming;

/// <summary>What happens to a frame with a NaN/±Inf value. Frames with the wrong channel count are always rejected.</summary>
public enum BadSamplePolicy
{
    /// <summary>Drop the whole frame and count it; windows are built from accepted frames only.</summary>
    Reject,
    /// <summary>Replace each non-finite value with that channel's last good value (frame rejected if there is none yet).</summary>
    HoldLast,
}

/// <summary>Why <see cref="WindowAssembler.Push"/> did or did not take a frame.</summary>
public enum PushResult
{
    Accepted,
    WindowReady,
    RejectedNonFinite,
    RejectedChannelCount,
}
