namespace EdgeAE.Device.Sensors.Max31856;

/// <summary>MAX31856 CR1 bits 3:0: the thermocouple type the chip linearises for.</summary>
public enum ThermocoupleType : byte
{
    B = 0,
    E = 1,
    J = 2,
    K = 3,
    N = 4,
    R = 5,
    S = 6,
    T = 7,
}

public static class ThermocoupleTypes
{
    /// <summary>Parses a type letter (case-insensitive), e.g. <c>K</c>.</summary>
    public static ThermocoupleType Parse(string text) => text?.Trim().ToUpperInvariant() switch
    {
        "B" => ThermocoupleType.B,
        "E" => ThermocoupleType.E,
        "J" => ThermocoupleType.J,
        "K" => ThermocoupleType.K,
        "N" => ThermocoupleType.N,
        "R" => ThermocoupleType.R,
        "S" => ThermocoupleType.S,
        "T" => ThermocoupleType.T,
        _ => throw new FormatException($"thermocouple type '{text}' is not one of B, E, J, K, N, R, S, T"),
    };
}
