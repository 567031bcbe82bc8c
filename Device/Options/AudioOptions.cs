using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Options;

/// <summary>Source:Kind=Audio: 16-bit PCM captured from ALSA by an <c>arecord</c> child process (Device/Sources/README.md says why a pipe).</summary>
public sealed class AudioOptions
{
    /// <summary>The capture program: <c>arecord</c> (alsa-utils) on PATH, or a path to it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Command { get; set; } = "arecord";

    /// <summary>ALSA PCM device (<c>arecord -L</c> lists them), e.g. <c>default</c>, <c>plughw:1,0</c> for a USB microphone.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Device { get; set; } = "default";

    /// <summary>Samples per second per channel; must equal the bundle's front-end sample rate.</summary>
    [Range(1000, 384000)]
    public int RateHz { get; set; } = 16000;

    /// <summary>Interleaved channels; must equal the bundle's channel count.</summary>
    [Range(1, 8)]
    public int Channels { get; set; } = 1;
}
