namespace EdgeAE.Export.Evaluation;

/// <summary>
/// Affiliation precision and recall (Huet, Navarro, Rossi, "Local Evaluation of Time Series Anomaly
/// Detection Algorithms", KDD 2022). Each labelled event J owns a zone of affiliation E: the time closer
/// to J than to any other event (zone edges halfway between neighbouring events, the first and last
/// zones reaching the ends of the series). Inside E:
/// <list type="bullet">
/// <item>individual precision = mean over the predicted time x in E of F̄(dist(x, J)), where
/// F̄(d) = P(dist(X, J) ≥ d) for X uniform in E: how much closer to J the predictions are than random
/// ones (undefined when nothing is predicted in E);</item>
/// <item>individual recall = mean over y in J of F̄_y(dist(y, predictions in E)), where
/// F̄_y(d) = P(|X − y| ≥ d) for X uniform in E (0 when nothing is predicted in E).</item>
/// </list>
/// Precision is the mean of the defined individual precisions, recall the mean of all individual recalls;
/// a predictor placed at random scores about ½ on both. Rows are the paper's half-open intervals
/// [i, i + 1) over the range [0, n). The integrals are in closed form; O(n) for rows, O(m + k) for m events
/// and k predicted intervals.
/// </summary>
public static class AffiliationMetrics
{
    /// <summary>A half-open time interval [Start, Stop).</summary>
    public readonly record struct Interval(double Start, double Stop)
    {
        public double Length => Stop - Start;
    }

    /// <summary>The averages and each labelled event's individual precision (NaN = nothing predicted in its zone) and recall.</summary>
    public sealed record Result(double Precision, double Recall, IReadOnlyList<double> EventPrecision, IReadOnlyList<double> EventRecall)
    {
        /// <summary>Harmonic mean of <see cref="Precision"/> and <see cref="Recall"/>; NaN when either is undefined.</summary>
        public double F1 => double.IsNaN(Precision) || double.IsNaN(Recall) ? double.NaN
            : Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    /// <summary>From flagged rows and labels; NaN precision and recall without a labelled event.</summary>
    public static Result Compute(ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> labels)
    {
        if (predicted.Length != labels.Length) throw new ArgumentException($"{predicted.Length} predictions but {labels.Length} labels");
        static List<Interval> Intervals(ReadOnlySpan<bool> rows) => EventMetrics.Runs(rows).Select(r => new Interval(r.Start, r.End + 1)).ToList();
        return Compute(Intervals(predicted), Intervals(labels), new Interval(0, labels.Length));
    }

    /// <summary>From ordered, disjoint, non-empty intervals inside <paramref name="range"/>.</summary>
    public static Result Compute(IReadOnlyList<Interval> predicted, IReadOnlyList<Interval> events, Interval range)
    {
        Validate(predicted, range, nameof(predicted));
        Validate(events, range, nameof(events));
        int m = events.Count;
        if (m == 0) return new Result(double.NaN, double.NaN, [], []);
        var precision = new double[m];
        var recall = new double[m];
        var pieces = new List<Interval>();
        int first = 0; // first prediction that may reach the current zone
        for (int j = 0; j < m; j++)
        {
            var zone = new Interval(
                j == 0 ? range.Start : (events[j - 1].Stop + events[j].Start) / 2,
                j == m - 1 ? range.Stop : (events[j].Stop + events[j + 1].Start) / 2);
            while (first < predicted.Count && predicted[first].Stop <= zone.Start) first++;
            pieces.Clear();
            for (int i = first; i < predicted.Count && predicted[i].Start < zone.Stop; i++)
            {
                var piece = new Interval(Math.Max(predicted[i].Start, zone.Start), Math.Min(predicted[i].Stop, zone.Stop));
                if (piece.Length > 0) pieces.Add(piece);
            }
            precision[j] = Precision(pieces, events[j], zone);
            recall[j] = Recall(pieces, events[j], zone);
        }
        var defined = precision.Where(p => !double.IsNaN(p)).ToList();
        return new Result(defined.Count > 0 ? defined.Average() : double.NaN, recall.Average(), precision, recall);
    }

    private static void Validate(IReadOnlyList<Interval> intervals, Interval range, string name)
    {
        for (int i = 0; i < intervals.Count; i++)
        {
            var v = intervals[i];
            if (!(v.Start < v.Stop)) throw new ArgumentException($"{name}[{i}] [{v.Start}, {v.Stop}) is empty");
            if (v.Start < range.Start || v.Stop > range.Stop) throw new ArgumentException($"{name}[{i}] lies outside [{range.Start}, {range.Stop})");
            if (i > 0 && intervals[i - 1].Stop >= v.Start) throw new ArgumentException($"{name}[{i - 1}] and [{i}] overlap, touch or are out of order");
        }
    }

    /// <summary>∫ F̄(dist(x, J)) dx over the pieces, divided by their length.</summary>
    private static double Precision(List<Interval> pieces, Interval j, Interval zone)
    {
        if (pieces.Count == 0) return double.NaN;
        double left = j.Start - zone.Start, right = zone.Stop - j.Stop, width = zone.Length;
        // ∫ over distances d1 … d2 of F̄(d) = (max(left − d, 0) + max(right − d, 0)) / |E|.
        double Outside(double d1, double d2) => (Tail(left, d1, d2) + Tail(right, d1, d2)) / width;
        double sum = 0, length = 0;
        foreach (var p in pieces)
        {
            length += p.Length;
            sum += Overlap(p, j);
            if (p.Start < j.Start) sum += Outside(j.Start - Math.Min(p.Stop, j.Start), j.Start - p.Start);
            if (p.Stop > j.Stop) sum += Outside(Math.Max(p.Start, j.Stop) - j.Stop, p.Stop - j.Stop);
        }
        return sum / length;
    }

    /// <summary>
    /// ∫ F̄_y(dist(y, nearest piece)) dy over J, divided by |J|. J is cut at the midpoints between
    /// consecutive pieces, each part measured against its own piece.
    /// </summary>
    private static double Recall(List<Interval> pieces, Interval j, Interval zone)
    {
        if (pieces.Count == 0) return 0;
        double width = zone.Length, sum = 0;
        for (int t = 0; t < pieces.Count; t++)
        {
            var p = pieces[t];
            double from = Math.Max(j.Start, t == 0 ? zone.Start : (pieces[t - 1].Stop + p.Start) / 2);
            double to = Math.Min(j.Stop, t == pieces.Count - 1 ? zone.Stop : (p.Stop + pieces[t + 1].Start) / 2);
            if (!(to > from)) continue;
            var part = new Interval(from, to);
            sum += Overlap(part, p);
            // y before the piece: d = q − y, F̄_y(d) = 1 − (d + min(q − y, y − zone start)) / |E|.
            if (part.Start < p.Start)
            {
                double u = part.Start, v = Math.Min(part.Stop, p.Start);
                sum += (v - u) - (Ramp(u, v, p.Start) + Tent(u, v, zone.Start, p.Start)) / width;
            }
            // y after the piece: d = y − p, F̄_y(d) = 1 − (d + min(y − p, zone end − y)) / |E|.
            if (part.Stop > p.Stop)
            {
                double u = Math.Max(part.Start, p.Stop), v = part.Stop;
                sum += (v - u) - (Ramp(u, v, p.Stop) + Tent(u, v, p.Stop, zone.Stop)) / width;
            }
        }
        return sum / j.Length;
    }

    private static double Overlap(Interval a, Interval b) => Math.Max(0, Math.Min(a.Stop, b.Stop) - Math.Max(a.Start, b.Start));

    /// <summary>∫ from d1 to d2 of max(l − d, 0) dd.</summary>
    private static double Tail(double l, double d1, double d2)
    {
        double a = Math.Max(l - d1, 0), b = Math.Max(l - d2, 0);
        return (a * a - b * b) / 2;
    }

    /// <summary>∫ from u to v of |y − c| dy, for c outside (u, v).</summary>
    private static double Ramp(double u, double v, double c) => Math.Abs((v - c) * (v - c) - (u - c) * (u - c)) / 2;

    /// <summary>∫ from u to v of min(y − a, b − y) dy, for a ≤ u ≤ v ≤ b.</summary>
    private static double Tent(double u, double v, double a, double b)
    {
        double c = (a + b) / 2, sum = 0;
        double riseEnd = Math.Min(v, c);
        if (riseEnd > u) sum += ((riseEnd - a) * (riseEnd - a) - (u - a) * (u - a)) / 2;
        double fallStart = Math.Max(u, c);
        if (v > fallStart) sum += ((b - fallStart) * (b - fallStart) - (b - v) * (b - v)) / 2;
        return sum;
    }
}
