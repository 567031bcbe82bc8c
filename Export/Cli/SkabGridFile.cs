using System.CommandLine;
using EdgeAE.Export.Benchmarks.Skab;

namespace EdgeAE.Export.Cli;

/// <summary>
/// Reads a tuning grid: one candidate per line, written as `bench skab` configuration flags
/// (e.g. <c>--stage difference@slow --adaptive dspot --adaptive-risk 1e-3</c>). Each candidate is
/// the command line's own configuration with the line's flags replacing the same flags there;
/// blank lines and lines starting with # are skipped, an empty candidate is written <c>(defaults)</c>.
/// </summary>
public static class SkabGridFile
{
    public static IReadOnlyList<SkabCandidate> Read(string path, ParseResult commandLine)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"grid file '{path}' not found", path);
        var baseFlags = Flags(FlagTokens(commandLine));
        var candidates = new List<SkabCandidate>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] tokens = line == "(defaults)" ? [] : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var merged = new Dictionary<string, List<string>>(baseFlags.ToDictionary(kv => kv.Key, kv => kv.Value.ToList()), StringComparer.Ordinal);
            foreach (var (name, values) in Flags(tokens)) merged[name] = values;
            var flags = new SkabFlags();
            var command = new RootCommand();
            flags.AddTo(command);
            var args = merged.SelectMany(kv => kv.Value.Count == 0 ? [kv.Key] : kv.Value.SelectMany(v => new[] { kv.Key, v })).ToArray();
            var parsed = command.Parse(args);
            if (parsed.Errors.Count > 0)
                throw new UsageException($"{path}:{lineNumber}: {parsed.Errors[0].Message}");
            candidates.Add(new SkabCandidate(line, flags.ToOptions(parsed)));
        }
        if (candidates.Count == 0) throw new UsageException($"{path}: no candidate line (one set of bench skab flags per line)");
        return candidates;
    }

    /// <summary>The configuration flags the user gave on the command line (tuning and data flags are not part of a candidate).</summary>
    private static IEnumerable<string> FlagTokens(ParseResult r)
    {
        var configuration = new HashSet<string>(StringComparer.Ordinal);
        var probe = new RootCommand();
        new SkabFlags().AddTo(probe);
        foreach (var o in probe.Options) configuration.Add(o.Name);
        bool keep = false;
        foreach (var t in r.Tokens)
        {
            if (t.Type == System.CommandLine.Parsing.TokenType.Option) keep = configuration.Contains(t.Value);
            else if (t.Type != System.CommandLine.Parsing.TokenType.Argument) keep = false;
            if (keep) yield return t.Value;
        }
    }

    /// <summary>Groups tokens by flag: each flag with the values that follow it (repeated flags accumulate).</summary>
    private static Dictionary<string, List<string>> Flags(IEnumerable<string> tokens)
    {
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string token in tokens)
        {
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                if (!flags.TryGetValue(token, out current)) flags[token] = current = [];
            }
            else if (current is null) throw new UsageException($"grid: '{token}' is not after a flag");
            else current.Add(token);
        }
        return flags;
    }
}
