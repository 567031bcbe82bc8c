using System.Buffers.Binary;
using System.Device.I2c;
using System.Numerics;
using EdgeAE.Device.Sensors.Buses;

namespace EdgeAE.Device.Sensors.Mpu6050;

/// <summary>
/// InvenSense MPU6050 accelerometer + gyroscope on I2C. Each <see cref="Read"/> checks INT_STATUS.DATA_RDY
/// and, when set, burst-reads the 14 output bytes (one coherent sample). There is no FIFO use: polling
/// slower than the sample rate skips samples, so poll at least at <see cref="RateHz"/>.
/// Channels: ax ay az (g), gx gy gz (°/s), temp (°C).
/// </summary>
public sealed class Mpu6050 : ISensorChip
{
    public const int DefaultI2cAddress = 0x68;
    /// <summary>Address with AD0 high.</summary>
    public const int AlternateI2cAddress = 0x69;
    public const byte ExpectedWhoAmI = 0x68;
    /// <summary>DEVICE_RESET needs 100 ms before the part accepts configuration (register map, PWR_MGMT_1).</summary>
    public static readonly TimeSpan ResetTime = TimeSpan.FromMilliseconds(100);

    private const byte DeviceReset = 0x80;
    private const byte ClockPllGyroX = 0x01;
    private const byte DataReadyEnable = 0x01;
    private const byte DataReadyInterrupt = 0x01;
    private static readonly string[] ChannelNames = ["ax", "ay", "az", "gx", "gy", "gz", "temp"];
    private static readonly float[] AccelLsbPerG = [16384f, 8192f, 4096f, 2048f];
    private static readonly float[] GyroLsbPerDps = [131f, 65.5f, 32.8f, 16.4f];

    private readonly IRegisterBus bus;
    private readonly Action<TimeSpan> sleep;
    private readonly byte[] burst = new byte[14];
    private readonly float[] values = new float[7];

    public Mpu6050(I2cDevice device, Mpu6050Settings? settings = null, Action<TimeSpan>? sleep = null)
        : this(new I2cRegisterBus(device), settings, sleep)
    {
    }

    public Mpu6050(IRegisterBus bus, Mpu6050Settings? settings = null, Action<TimeSpan>? sleep = null)
    {
        this.bus = bus ?? throw new ArgumentNullException(nameof(bus));
        Settings = settings ?? new Mpu6050Settings();
        this.sleep = sleep ?? Delay.Sleep;
    }

    public Mpu6050Settings Settings { get; }

    public IReadOnlyList<string> Channels => ChannelNames;

    public double RateHz => Settings.SampleRateHz;

    /// <summary>Accelerometer scale in g per LSB at the configured range.</summary>
    public float AccelerationScale => 1f / AccelLsbPerG[(int)Settings.AccelerometerRange];

    /// <summary>Gyroscope scale in °/s per LSB at the configured range.</summary>
    public float AngularRateScale => 1f / GyroLsbPerDps[(int)Settings.GyroscopeRange];

    /// <summary>
    /// Checks WHO_AM_I, resets, wakes the part from sleep on the X-gyro PLL clock (more stable than the
    /// internal oscillator), sets divider, filter and ranges, and enables the DATA_RDY interrupt.
    /// </summary>
    public void Initialize()
    {
        byte id = ReadRegister(Register.WhoAmI);
        if (id != ExpectedWhoAmI)
        {
            throw new ChipIdentityException(
                $"no MPU6050 at {this.bus.Location}: WHO_AM_I reads 0x{id:X2}, expected 0x{ExpectedWhoAmI:X2}");
        }
        WriteRegister(Register.PwrMgmt1, DeviceReset);
        this.sleep(ResetTime);
        WriteRegister(Register.PwrMgmt1, ClockPllGyroX);
        WriteRegister(Register.SmplrtDiv, Settings.SampleRateDivider);
        WriteRegister(Register.Config, (byte)Settings.Filter);
        WriteRegister(Register.GyroConfig, (byte)((byte)Settings.GyroscopeRange << 3));
        WriteRegister(Register.AccelConfig, (byte)((byte)Settings.AccelerometerRange << 3));
        // Push-pull, active high, pulse, status cleared by reading INT_STATUS: what polling expects.
        WriteRegister(Register.IntPinCfg, 0x00);
        WriteRegister(Register.IntEnable, DataReadyEnable);
    }

    /// <summary>Reads and clears INT_STATUS; true when a new sample is in the output registers.</summary>
    public bool IsDataReady() => (ReadRegister(Register.IntStatus) & DataReadyInterrupt) != 0;

    /// <summary>Burst-reads the current output registers, ready or not.</summary>
    public Mpu6050Reading ReadLatest()
    {
        ReadBurst(this.values);
        return new Mpu6050Reading(
            new Vector3(this.values[0], this.values[1], this.values[2]),
            new Vector3(this.values[3], this.values[4], this.values[5]),
            this.values[6]);
    }

    public int Read(Span<float> destination, int maxSamples)
    {
        if (maxSamples < 1 || destination.Length < ChannelNames.Length || !IsDataReady())
        {
            return 0;
        }
        ReadBurst(destination[..ChannelNames.Length]);
        return 1;
    }

    public void Dispose() => this.bus.Dispose();

    private void ReadBurst(Span<float> values)
    {
        // One 14-byte burst so accel, temperature and gyro come from the same sample.
        this.bus.Read((byte)Register.AccelXoutH, this.burst);
        float accel = AccelerationScale;
        float gyro = AngularRateScale;
        values[0] = Word(0) * accel;
        values[1] = Word(2) * accel;
        values[2] = Word(4) * accel;
        values[3] = Word(8) * gyro;
        values[4] = Word(10) * gyro;
        values[5] = Word(12) * gyro;
        // Register map: temperature in °C = TEMP_OUT / 340 + 36.53.
        values[6] = Word(6) / 340f + 36.53f;
    }

    private short Word(int offset) => BinaryPrimitives.ReadInt16BigEndian(this.burst.AsSpan(offset, 2));

    private byte ReadRegister(Register register)
    {
        Span<byte> value = stackalloc byte[1];
        this.bus.Read((byte)register, value);
        return value[0];
    }

    private void WriteRegister(Register register, byte value) => this.bus.Write((byte)register, value);
}
