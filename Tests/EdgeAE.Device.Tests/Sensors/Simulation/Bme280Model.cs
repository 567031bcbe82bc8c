using EdgeAE.Device.Sensors.Bme280;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>
/// BME280 registers: chip id 0x60, the trimming parameters of <see cref="Calibration"/> laid out as in NVM
/// (datasheet table 16), data registers holding the raw ADC values once normal mode is on (0x80000 / 0x8000
/// "skipped" after a reset), and the soft reset (0xB6 to 0xE0).
/// </summary>
public sealed class Bme280Model : RegisterModel
{
    public Bme280Model(Bme280Calibration calibration, byte chipId = 0x60)
    {
        Registers[0xD0] = chipId;
        Span<byte> c = Registers.AsSpan(0x88);
        ushort[] words = [calibration.T1, (ushort)calibration.T2, (ushort)calibration.T3, calibration.P1, (ushort)calibration.P2, (ushort)calibration.P3,
            (ushort)calibration.P4, (ushort)calibration.P5, (ushort)calibration.P6, (ushort)calibration.P7, (ushort)calibration.P8, (ushort)calibration.P9];
        for (int i = 0; i < words.Length; i++)
        {
            c[2 * i] = (byte)words[i];
            c[2 * i + 1] = (byte)(words[i] >> 8);
        }
        Registers[0xA1] = calibration.H1;
        Registers[0xE1] = (byte)calibration.H2;
        Registers[0xE2] = (byte)(calibration.H2 >> 8);
        Registers[0xE3] = calibration.H3;
        Registers[0xE4] = (byte)(calibration.H4 >> 4);
        Registers[0xE5] = (byte)(calibration.H4 & 0x0F | (calibration.H5 & 0x0F) << 4);
        Registers[0xE6] = (byte)(calibration.H5 >> 4);
        Registers[0xE7] = (byte)calibration.H6;
    }

    public int AdcT { get; set; }

    public int AdcP { get; set; }

    public int AdcH { get; set; }

    public int Resets { get; private set; }

    private bool Measuring => (Registers[0xF4] & 0b11) == 0b11;

    public override byte ReadRegister(byte register)
    {
        if (register is < 0xF7 or > 0xFE)
        {
            return base.ReadRegister(register);
        }
        int p = Measuring ? AdcP : 0x80000, t = Measuring ? AdcT : 0x80000, h = Measuring ? AdcH : 0x8000;
        return register switch
        {
            0xF7 => (byte)(p >> 12),
            0xF8 => (byte)(p >> 4),
            0xF9 => (byte)(p << 4),
            0xFA => (byte)(t >> 12),
            0xFB => (byte)(t >> 4),
            0xFC => (byte)(t << 4),
            0xFD => (byte)(h >> 8),
            _ => (byte)h,
        };
    }

    public override void WriteRegister(byte register, byte value)
    {
        if (register == 0xE0 && value == 0xB6)
        {
            Resets++;
            Registers[0xF2] = Registers[0xF4] = Registers[0xF5] = 0;
            return;
        }
        base.WriteRegister(register, value);
    }
}
