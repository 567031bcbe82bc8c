using System.Globalization;

namespace EdgeAE.Runtime.Data;

/// <summary>A half-open row range "START:END" (either side may be empty; negative counts from the end).</summary>
public readonly record struct RowRange(int? Start, int? End)
{
    public static RowRange All => new(null, null);

    public static RowRange Parse(string text)
    {
        int colon = text.IndexOf(':');
        if (colon < 0)
            throw new InputException($"row range '{text}'", "expected START:END, e.g. 0:400 or 400:");
        return new RowRange(Part(text[..colon], text), Part(text[(colon + 1)..], text));
    }

    private static int? Part(string s, string whole)
    {
        if (s.Length == 0) return null;
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
            throw new InputException($"row range '{whole}'", $"'{s}' is not a row number");
        return v;
    }

    public (int Start, int End) Resolve(int rows)
    {
        int start = Start is int s ? (s < 0 ? rows + s : s) : 0;
        int end = End is int e ? (e < 0 ? rows + e : e) : rows;
        start = Math.Clamp(start, 0, rows);
        end = Math.Clamp(end, 0, rows);
        if (end < start)
            throw new InputException($"row range {Start}:{End}", $"selects no rows of {rows}");
        return (start, end);
    }

    public override string ToString() => $"{Start}:{End}";
}
