namespace EdgeAE.Runtime.Detection;

/// <summary>A channel's drift state changed: <see cref="Direction"/> +1 / −1 drifted up / down, 0 back to its reference.</summary>
/// <param name="Channel">Channel index in the bundle's order.</param>
/// <param name="Direction">+1 up, −1 down, 0 returned.</param>
/// <param name="Shift">Mean standardized input over the evidence (σ of the reference), or the current z when returned.</param>
/// <param name="Frames">Frames the evidence accumulated over.</param>
public readonly record struct DriftChange(int Channel, int Direction, double Shift, long Frames);
