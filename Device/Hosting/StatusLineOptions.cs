using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Section <c>StatusLine</c>: a short line (windows, score, level) logged every <see cref="Seconds"/>,
/// so whoever starts the daemon sees it working before the first alert. Unset: every 5 s in the demo,
/// off otherwise (under systemd it would only fill the journal); 0 turns it off.
/// </summary>
public sealed class StatusLineOptions
{
    [Range(0.0, 86400.0)]
    public double? Seconds { get; set; }

    public TimeSpan Period(bool demo) => TimeSpan.FromSeconds(Seconds ?? (demo ? 5 : 0));
}
