using SharpFuzz;

namespace EdgeAE.Fuzz;

/// <summary>
/// <c>edgeae-fuzz TARGET</c> under afl-fuzz: SharpFuzz's fork-server loop feeds each input to the target.
/// <c>edgeae-fuzz TARGET FILE…</c> runs files once each (reproducing a crash), printing the exception.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: edgeae-fuzz {string.Join("|", FuzzTargets.All.Keys)} [FILE...]");
            return 2;
        }
        if (args.Length > 1)
        {
            int crashes = 0;
            foreach (string file in args[1..])
            {
                try
                {
                    target(File.ReadAllBytes(file));
                }
                catch (Exception e)
                {
                    crashes++;
                    Console.Error.WriteLine($"{file}: {e}");
                }
            }
            return crashes == 0 ? 0 : 1;
        }
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }
}
