namespace EdgeAE.Device.Sensors.Max31865;

/// <summary>
/// Platinum RTD resistance and temperature, IEC 60751 (Callendar–Van Dusen):
/// R(T) = R0 (1 + A·T + B·T²) for T ≥ 0 °C and R0 (1 + A·T + B·T² + C·(T − 100)·T³) below, valid −200…850 °C.
/// Above R0 the quadratic is solved in closed form; below it, Newton's method on the full equation
/// (the C term makes it quartic), started from the quadratic root.
/// </summary>
public static class CallendarVanDusen
{
    public const double A = 3.9083e-3;
    public const double B = -5.775e-7;
    public const double C = -4.183e-12;
    public const double MinCelsius = -200;
    public const double MaxCelsius = 850;

    public static double Resistance(double celsius, double r0)
    {
        double t = celsius;
        double ratio = 1 + A * t + B * t * t;
        if (t < 0)
        {
            ratio += C * (t - 100) * t * t * t;
        }
        return r0 * ratio;
    }

    public static double Temperature(double ohms, double r0)
    {
        double t = (-A + Math.Sqrt(A * A - 4 * B * (1 - ohms / r0))) / (2 * B);
        if (ohms >= r0)
        {
            return t;
        }
        for (int i = 0; i < 8; i++)
        {
            // d/dT of 1 + A·T + B·T² + C·(T − 100)·T³ = A + 2B·T + C·(4T³ − 300T²)
            double f = Resistance(t, r0) / r0 - ohms / r0;
            double slope = A + 2 * B * t + C * (4 * t * t * t - 300 * t * t);
            double step = f / slope;
            t -= step;
            if (Math.Abs(step) < 1e-9)
            {
                break;
            }
        }
        return t;
    }
}
