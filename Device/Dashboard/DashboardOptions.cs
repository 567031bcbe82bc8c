using System.ComponentModel.DataAnnotations;

namespace EdgeAE.Device.Dashboard;

/// <summary>Section <c>Dashboard</c>: the opt-in web page (live scores, journal, model card, buttons).</summary>
public sealed class DashboardOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where to listen: http://IP:port. Loopback by default; a LAN address needs <see cref="Token"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Url { get; set; } = "http://127.0.0.1:8088";

    /// <summary>
    /// The shared secret the buttons send (and, on a non-loopback address, every request). Empty: the page
    /// is read-only and only served on loopback.
    /// </summary>
    public string Token { get; set; } = "";

    /// <summary>Live (SSE) clients at once; more are refused with 503 so a crowd of phones cannot starve the board.</summary>
    [Range(1, 64)]
    public int MaxClients { get; set; } = 8;
}
