using System.Buffers.Binary;

namespace EdgeAE.Device.Tests.Sensors.Simulation;

/// <summary>MPU6050 behaviour the driver relies on: WHO_AM_I, sleep after reset, DATA_RDY set by a new sample and cleared by reading INT_STATUS.</summary>
public sealed class Mpu6050Model : RegisterModel
{
    private const byte IntStatus = 0x3A;
    private const byte PwrMgmt1 = 0x6B;

    public Mpu6050Model(byte whoAmI = 0x68)
    {
        Registers[0x75] = whoAmI;
        Registers[PwrMgmt1] = 0x40; // power-on state: asleep
    }

    public bool Asleep => (Registers[PwrMgmt1] & 0x40) != 0;

    public override void WriteRegister(byte register, byte value)
    {
        base.WriteRegister(register, value);
        if (register == PwrMgmt1 && (value & 0x80) != 0)
        {
            Registers[PwrMgmt1] = 0x40; // DEVICE_RESET returns to sleep
        }
    }

    /// <summary>A new sample lands in the output registers (only when awake) and DATA_RDY is raised if enabled.</summary>
    public void Produce(short ax, short ay, short az, short temperature, short gx, short gy, short gz)
    {
        if (Asleep)
        {
            return;
        }
        Span<short> words = [ax, ay, az, temperature, gx, gy, gz];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(Registers.AsSpan(0x3B + 2 * i, 2), words[i]);
        }
        if ((Registers[0x38] & 0x01) != 0)
        {
            Registers[IntStatus] |= 0x01;
        }
    }

    public override void AfterRead(byte start, int length)
    {
        if (start <= IntStatus && start + length > IntStatus)
        {
            Registers[IntStatus] = 0;
        }
    }
}
