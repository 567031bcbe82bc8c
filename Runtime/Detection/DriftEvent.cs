namespace EdgeAE.Runtime.Detection;

/// <summary>A channel's drift state changed at <see cref="At"/> (the frame's timestamp). A value type: raising it allocates nothing.</summary>
public readonly record struct DriftEvent(DriftChange Change, DateTime At, long Frame)
{
    public bool Started => Change.Direction != 0;
}
