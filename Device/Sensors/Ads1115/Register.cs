namespace EdgeAE.Device.Sensors.Ads1115;

/// <summary>ADS1115 address-pointer values (datasheet SBAS444, table 6). All registers are 16-bit big-endian.</summary>
internal enum Register : byte
{
    /// <summary>Last conversion result, int16.</summary>
    Conversion = 0x00,
    /// <summary>OS, MUX, PGA, MODE, DR, COMP_MODE, COMP_POL, COMP_LAT, COMP_QUE.</summary>
    Config = 0x01,
    LoThresh = 0x02,
    HiThresh = 0x03,
}
