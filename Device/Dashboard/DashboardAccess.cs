using System.Security.Cryptography;
using System.Text;
using EdgeAE.Device.Http;

namespace EdgeAE.Device.Dashboard;

/// <summary>
/// Who may read and who may press buttons. On loopback anyone on the board may read; on any other
/// address every request needs the token (from <c>?token=</c> once, then a SameSite cookie). Buttons
/// always need the token in the <c>X-EdgeAE-Token</c> header: a header, not the cookie, so another
/// site open in the same browser cannot press them (no cross-site request can set it).
/// </summary>
public sealed class DashboardAccess(string token, bool loopback)
{
    public const string TokenHeader = "X-EdgeAE-Token";
    public const string CookieName = "edgeae_token";

    public bool ButtonsEnabled => token.Length > 0;

    public bool MayRead(HttpRequestHead request) =>
        loopback || Matches(request.Header(TokenHeader)) || Matches(request.Cookie(CookieName)) || Matches(request.QueryValue("token"));

    public bool MayAct(HttpRequestHead request) => ButtonsEnabled && Matches(request.Header(TokenHeader));

    /// <summary>Set-Cookie for a page opened with <c>?token=</c>, so its scripts and stream need not carry it.</summary>
    public string? CookieFor(HttpRequestHead request) =>
        !loopback && Matches(request.QueryValue("token")) ? $"Set-Cookie: {CookieName}={Uri.EscapeDataString(token)}; Path=/; HttpOnly; SameSite=Strict\r\n" : null;

    /// <summary>Constant-time: how many leading characters match must not show in the response time.</summary>
    private bool Matches(string? candidate)
    {
        if (token.Length == 0 || candidate is null) return false;
        if (candidate.Contains('%')) candidate = Uri.UnescapeDataString(candidate);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(token));
    }
}
