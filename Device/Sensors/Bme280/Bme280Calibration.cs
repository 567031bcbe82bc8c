using System.Buffers.Binary;

namespace EdgeAE.Device.Sensors.Bme280;

/// <summary>
/// The trimming parameters each BME280 carries in NVM (datasheet 4.2.2, table 16) and the datasheet's
/// integer compensation (4.2.3): 32-bit temperature, 64-bit pressure, 32-bit humidity. Temperature sets
/// <c>t_fine</c>, which pressure and humidity use, so they are compensated together.
/// </summary>
public sealed class Bme280Calibration
{
    public const int TpLength = 26;
    public const int HLength = 7;

    public ushort T1 { get; init; }
    public short T2 { get; init; }
    public short T3 { get; init; }
    public ushort P1 { get; init; }
    public short P2 { get; init; }
    public short P3 { get; init; }
    public short P4 { get; init; }
    public short P5 { get; init; }
    public short P6 { get; init; }
    public short P7 { get; init; }
    public short P8 { get; init; }
    public short P9 { get; init; }
    public byte H1 { get; init; }
    public short H2 { get; init; }
    public byte H3 { get; init; }
    public short H4 { get; init; }
    public short H5 { get; init; }
    public sbyte H6 { get; init; }

    /// <summary>
    /// From the 26 bytes at 0x88 and the 7 at 0xE1 (little-endian words; dig_H4/H5 are 12-bit values that
    /// share 0xE5: H4 = 0xE4 &lt;&lt; 4 | 0xE5[3:0], H5 = 0xE6 &lt;&lt; 4 | 0xE5[7:4], both signed).
    /// </summary>
    public static Bme280Calibration Parse(ReadOnlySpan<byte> tp, ReadOnlySpan<byte> h)
    {
        if (tp.Length < TpLength || h.Length < HLength)
        {
            throw new ArgumentException($"BME280 calibration needs {TpLength} + {HLength} bytes");
        }
        return new Bme280Calibration
        {
            T1 = BinaryPrimitives.ReadUInt16LittleEndian(tp),
            T2 = BinaryPrimitives.ReadInt16LittleEndian(tp[2..]),
            T3 = BinaryPrimitives.ReadInt16LittleEndian(tp[4..]),
            P1 = BinaryPrimitives.ReadUInt16LittleEndian(tp[6..]),
            P2 = BinaryPrimitives.ReadInt16LittleEndian(tp[8..]),
            P3 = BinaryPrimitives.ReadInt16LittleEndian(tp[10..]),
            P4 = BinaryPrimitives.ReadInt16LittleEndian(tp[12..]),
            P5 = BinaryPrimitives.ReadInt16LittleEndian(tp[14..]),
            P6 = BinaryPrimitives.ReadInt16LittleEndian(tp[16..]),
            P7 = BinaryPrimitives.ReadInt16LittleEndian(tp[18..]),
            P8 = BinaryPrimitives.ReadInt16LittleEndian(tp[20..]),
            P9 = BinaryPrimitives.ReadInt16LittleEndian(tp[22..]),
            H1 = tp[25],
            H2 = BinaryPrimitives.ReadInt16LittleEndian(h),
            H3 = h[2],
            H4 = (short)((sbyte)h[3] << 4 | h[4] & 0x0F),
            H5 = (short)((sbyte)h[5] << 4 | h[4] >> 4),
            H6 = (sbyte)h[6],
        };
    }

    /// <summary>Datasheet BME280_compensate_T_int32: temperature in 0.01 °C, and t_fine.</summary>
    public int CompensateTemperature(int adcT, out int tFine)
    {
        int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
        int d = (adcT >> 4) - T1;
        int var2 = (((d * d) >> 12) * T3) >> 14;
        tFine = var1 + var2;
        return (tFine * 5 + 128) >> 8;
    }

    /// <summary>Datasheet BME280_compensate_P_int64: pressure in Pa as Q24.8 (divide by 256); 0 if the calibration divides by zero.</summary>
    public uint CompensatePressure(int adcP, int tFine)
    {
        long var1 = (long)tFine - 128000;
        long var2 = var1 * var1 * P6;
        var2 += (var1 * P5) << 17;
        var2 += (long)P4 << 35;
        var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
        var1 = (((1L << 47) + var1) * P1) >> 33;
        if (var1 == 0)
        {
            return 0;
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (P9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = (P8 * p) >> 19;
        p = ((p + var1 + var2) >> 8) + ((long)P7 << 4);
        return (uint)p;
    }

    /// <summary>Datasheet bme280_compensate_H_int32: relative humidity in %RH as Q22.10 (divide by 1024), clamped to 0…100 %.</summary>
    public uint CompensateHumidity(int adcH, int tFine)
    {
        int v = tFine - 76800;
        v = (((adcH << 14) - (H4 << 20) - (H5 * v) + 16384) >> 15)
            * (((((((v * H6) >> 10) * (((v * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14);
        v -= ((((v >> 15) * (v >> 15)) >> 7) * H1) >> 4;
        v = Math.Clamp(v, 0, 419430400);
        return (uint)(v >> 12);
    }
}
