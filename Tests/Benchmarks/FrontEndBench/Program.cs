using System.Diagnostics;
using System.Globalization;
using EdgeAE.Benchmarks.FrontEnds;

// front-end-bench BUNDLE.onnx... [--windows N] [--rounds R] [--dump DIR] [--reference DIR]
// One JSON line per bundle: the median and minimum cost of one FrontEnd.Transform over R rounds of N
// windows, in nanoseconds of the process's monotonic clock. Under the emulated board's --icount the
// guest clock advances one nanosecond per executed instruction, so there the figures are instructions.
// --dump DIR writes each bundle's features of the synthetic window as DIR/<bundle>.f32 (raw float32); --reference DIR
// compares them with another machine's dump (values not bit-identical, largest absolute and relative gap).
int windows = 200, rounds = 7;
string? dump = null, reference = null;
var bundles = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--windows" when i + 1 < args.Length: windows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds" when i + 1 < args.Length: rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--dump" when i + 1 < args.Length: dump = args[++i]; break;
        case "--reference" when i + 1 < args.Length: reference = args[++i]; break;
        default: bundles.Add(args[i]); break;
    }
}
if (bundles.Count == 0 || windows < 1 || rounds < 1)
{
    Console.Error.WriteLine("usage: front-end-bench BUNDLE.onnx... [--windows N] [--rounds R] [--dump DIR] [--reference DIR]");
    return 2;
}
Console.Error.WriteLine($"front-end-bench: {RuntimeInformationText()}, Stopwatch {Stopwatch.Frequency} Hz");
foreach (string path in bundles)
{
    try
    {
        Console.WriteLine(FrontEndCost.Measure(path, windows, rounds, dump, reference).ToJson());
    }
    catch (Exception e) when (e is IOException or InvalidDataException or EdgeAE.Runtime.Bundles.BundleException)
    {
        Console.Error.WriteLine($"front-end-bench: error: {path}: {e.Message}");
        return 1;
    }
}
return 0;

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
