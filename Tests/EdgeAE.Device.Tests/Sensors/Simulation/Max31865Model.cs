namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// MAX31865 registers: the RTD register holds round(R_RTD / R_REF · 2^15) &lt;&lt; 1 once bias and auto
/// conversion are on, with bit 0 set while a fault is latched; a conversion beyond the threshold registers
/// latches D7/D6 in the fault status; writing the configuration with D1 set clears it (D1 and D5 self-clear).
/// </summary>
public sealed class Max31865Model : RegisterModel
{
    public double ReferenceOhms { get; set; } = 430;

    /// <summary>The probe's resistance; +∞ is an open RTD, 0 a short.</summary>
    public double RtdOhms { get; set; } = 100;

    /// <summary>Extra status bits to latch at the next conversion (e.g. 0x04 over-voltage).</summary>
    public byte InjectStatus { get; set; }

    public int FaultClears { get; private set; }

    private bool Converting => (Registers[0] & 0xC0) == 0xC0;

    public override byte ReadRegister(byte register)
    {
        if (register is 1 or 2 && Converting)
        {
            int code = double.IsPositiveInfinity(RtdOhms) ? 0x7FFF : (int)Math.Min(0x7FFF, Math.Round(RtdOhms / ReferenceOhms * 32768));
            int high = (Registers[3] << 8 | Registers[4]) >> 1, low = (Registers[5] << 8 | Registers[6]) >> 1;
            Registers[7] |= (byte)((code >= high ? 0x80 : 0) | (code <= low ? 0x40 : 0) | InjectStatus);
            int word = code << 1 | (Registers[7] != 0 ? 1 : 0);
            return register == 1 ? (byte)(word >> 8) : (byte)word;
        }
        return base.ReadRegister(register);
    }

    public override void WriteRegister(byte register, byte value)
    {
        if (register == 0 && (value & 0x02) != 0)
        {
            Registers[7] = 0;
            InjectStatus = 0;
            FaultClears++;
        }
        if (register is 1 or 2 or 7)
        {
            return; // read-only
        }
        base.WriteRegister(register, value);
        if (register == 0)
        {
            Registers[0] = (byte)(value & ~0x22);
        }
    }
}
