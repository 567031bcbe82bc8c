using System.Device.Gpio;

namespace EdgeAE.Device.Alerts;

/// <summary>Real GPIO through System.Device.Gpio with an explicitly chosen libgpiod driver.</summary>
public sealed class GpioPinBackend : IPinBackend
{
    private readonly GpioController controller;

    public GpioPinBackend(GpioController controller, string description)
    {
        this.controller = controller;
        Description = description;
    }

    public string Description { get; }

    public void OpenOutput(int line, string name, bool level) =>
        controller.OpenPin(line, PinMode.Output, level ? PinValue.High : PinValue.Low);

    public void Write(int line, bool level) => controller.Write(line, level ? PinValue.High : PinValue.Low);

    public void OpenInput(int line, string name) =>
        controller.OpenPin(line, controller.IsPinModeSupported(line, PinMode.InputPullUp) ? PinMode.InputPullUp : PinMode.Input);

    public bool Read(int line) => controller.Read(line) == PinValue.High;

    public void Dispose() => controller.Dispose();
}
