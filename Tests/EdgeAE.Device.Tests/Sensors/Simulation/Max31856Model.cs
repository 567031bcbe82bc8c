namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// MAX31856 registers: once CR0's auto-conversion bit is set, CJTH/CJTL hold the cold junction (LSB 2^-6, low
/// 2 bits unused) and LTCBH/M/L the linearised temperature (LSB 2^-7, low 5 bits unused), SR the fault bits.
/// </summary>
public sealed class Max31856Model : RegisterModel
{
    public Max31856Model()
    {
        Registers[1] = 0x03; // CR1 power-on: K type, 1 sample
        Registers[2] = 0xFF;
    }

    public double Celsius { get; set; }

    public double ColdJunctionCelsius { get; set; }

    public byte Status { get; set; }

    public override byte ReadRegister(byte register)
    {
        if ((Registers[0] & 0x80) == 0 || register < 0x0A)
        {
            return base.ReadRegister(register);
        }
        int tc = (int)Math.Round(Celsius * 128) << 5; // 19 bits in a 24-bit word
        int cj = (int)Math.Round(ColdJunctionCelsius * 64) << 2;
        return register switch
        {
            0x0A => (byte)(cj >> 8),
            0x0B => (byte)cj,
            0x0C => (byte)(tc >> 16),
            0x0D => (byte)(tc >> 8),
            0x0E => (byte)tc,
            0x0F => Status,
            _ => base.ReadRegister(register),
        };
    }
}
