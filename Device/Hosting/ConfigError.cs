using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EdgeAE.Device.Hosting;

/// <summary>
/// Turns configuration failures into the one line an operator reads in the journal:
/// <c>Source:Kind: cannot convert 'Foo' to SourceKind</c>.
/// </summary>
public static partial class ConfigError
{
    public static string Describe(OptionsValidationException e)
    {
        string text = Line(e.Failures.FirstOrDefault() ?? e.Message);
        int more = e.Failures.Count() - 1;
        return more > 0 ? $"{text} (and {more} more: edgeae-device --check-config lists them)" : text;
    }

    /// <summary>Every failure, one line each.</summary>
    public static IEnumerable<string> DescribeAll(OptionsValidationException e) =>
        e.Failures.Any() ? e.Failures.Select(Line) : [Line(e.Message)];

    private static string Line(string failure)
    {
        // Validators report "Property Source.Udp.Port: The field Port must be between 1 and 65535."
        var field = FieldFailure().Match(failure);
        var m = PropertyFailure().Match(failure);
        if (field.Success)
            // Attribute failures: "Port: The field DeviceOptions.Source.Udp.Port must be between 1 and 65535."
            return $"{field.Groups[1].Value.Replace('.', ':')}: {field.Groups[2].Value.TrimEnd('.')}";
        if (m.Success)
            // Rule failures: "Property Source.Path: is required when …"
            return $"{m.Groups[1].Value.Replace('.', ':')}: {m.Groups[2].Value}";
        return failure;
    }

    /// <summary>The binder's "Failed to convert configuration value 'x' at 'Source:Kind' to type '…SourceKind'".</summary>
    public static string? DescribeBinding(InvalidOperationException e)
    {
        var m = BindFailure().Match(e.Message);
        if (!m.Success) return null;
        string type = m.Groups[3].Value;
        string shortType = type[(type.LastIndexOf('.') + 1)..];
        string hint = "";
        foreach (var t in KnownEnums)
            if (t.Name == shortType) hint = $" (expected one of {string.Join(", ", t.Names)})";
        return $"{m.Groups[2].Value}: cannot convert '{m.Groups[1].Value}' to {shortType}{hint}";
    }

    /// <summary>
    /// A malformed appsettings.json: the configuration provider wraps the JSON reader's error (which names
    /// line and position) twice; the operator gets the file and that innermost line. Null for any other
    /// InvalidDataException, which is not a configuration problem.
    /// </summary>
    public static string? DescribeFile(InvalidDataException e)
    {
        if (!e.Message.StartsWith("Failed to load configuration", StringComparison.Ordinal)) return null;
        Exception inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        string detail = ReferenceEquals(inner, e) ? "" : " " + inner.Message.ReplaceLineEndings(" ").Trim();
        return (e.Message.ReplaceLineEndings(" ").Trim() + detail).TrimEnd();
    }

    private static readonly (string Name, string[] Names)[] KnownEnums =
    [
        (nameof(Options.SourceKind), Enum.GetNames<Options.SourceKind>()),
        (nameof(Options.OverflowPolicy), Enum.GetNames<Options.OverflowPolicy>()),
        (nameof(Options.UdpFormat), Enum.GetNames<Options.UdpFormat>()),
        (nameof(Options.GpioDriverKind), Enum.GetNames<Options.GpioDriverKind>()),
        (nameof(Runtime.Streaming.BadSamplePolicy), Enum.GetNames<Runtime.Streaming.BadSamplePolicy>()),
        (nameof(Plant.PlantProtocol), Enum.GetNames<Plant.PlantProtocol>()),
    ];

    [GeneratedRegex(@"^Property ([\w\.\[\]]+): (.*)$", RegexOptions.Singleline)]
    private static partial Regex PropertyFailure();

    [GeneratedRegex(@"The field DeviceOptions\.([\w\.\[\]]+) (.*)$", RegexOptions.Singleline)]
    private static partial Regex FieldFailure();

    [GeneratedRegex(@"value '(.*?)' at '(.*?)' to type '(.*?)'")]
    private static partial Regex BindFailure();
}
