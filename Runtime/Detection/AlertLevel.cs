namespace EdgeAE.Runtime.Detection;

public enum AlertLevel
{
    Normal,
    Warning,
    Alarm,
}

public enum DetectorEventKind
{
    /// <summary>Normal → Warning or Normal → Alarm.</summary>
    Raised,
    /// <summary>Warning → Alarm.</summary>
    Escalated,
    /// <summary>Warning/Alarm → Normal.</summary>
    Cleared,
}
