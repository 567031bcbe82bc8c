namespace EdgeAE.Export.Evaluation;

/// <summary>
/// VUS-ROC and VUS-PR: the volume under the range-based ROC / PR surface over buffer lengths
/// ℓ = 0 … L (Paparrizos, Boniol, Palpanas, Tsay, Elmore, Franklin, "Volume Under the Surface: a new
/// accuracy evaluation measure for time-series anomaly detection", PVLDB 15(11), 2022), the measure
/// TSB-AD recommends (Liu &amp; Paparrizos, NeurIPS 2024).
/// <para>
/// Variant implemented: TSB-AD's reference code (<c>TSB_AD/evaluation/basic_metrics.py</c>,
/// <c>RangeAUC_volume_opt</c>, unchanged to 2025-10), which refines the paper's formulas in two places;
/// for a buffer length ℓ, with h = ⌊ℓ/2⌋:
/// </para>
/// <list type="bullet">
/// <item>label_ℓ is 1 inside each labelled range [s, e] and √(1 − d/ℓ) at distance d = 1 … h before s or
/// after e (overlapping ramps add, capped at 1).</item>
/// <item>At a score cut (rows with score ≥ cut are flagged), with B = Σ label_ℓ over the flagged rows outside
/// the labelled ranges: TP = (flagged labelled rows) + B, P_ℓ = P + B/2 (the paper averages label and
/// label_ℓ over all rows; the reference counts a buffer row only where it is flagged), recall = min(TP/P_ℓ, 1),
/// TPR = recall × (ranges extended by h, touching ones merged, that hold a flagged row) / (such ranges)
/// (the existence reward, Tatbul et al. 2018), FPR = (flagged − TP)/(n − P_ℓ), precision = TP/flagged.</item>
/// <item>Range-AUC-ROC is the trapezoid area from (0, 0) through every cut to (1, 1); Range-AUC-PR is
/// Σ (TPRₖ − TPRₖ₋₁)·precisionₖ. VUS is their mean over ℓ = 0 … L.</item>
/// </list>
/// <para>
/// One deliberate difference from the reference: it evaluates 250 cuts at evenly spaced ranks of the
/// sorted scores; here every distinct score is a cut, so the areas are exact (tied scores enter
/// together) and ℓ = 0 with one labelled range equals the point-wise AUROC and AUPRC of
/// <see cref="RankingMetrics"/>. With several ranges, ℓ = 0 still carries the existence factor, so it is not
/// the point-wise AUC. The maximum buffer L is TSB-AD's sliding window (see <see cref="VusBuffer"/>).
/// </para>
/// <para>
/// Cost: one O(n log n) sort, then O(n + R) per buffer length (R labelled ranges), O(n·L) in all, with
/// O(n) memory allocated once. Rows with a NaN score are left out first (as the point-wise metrics do) and
/// the remaining rows keep their order.
/// </para>
/// </summary>
public static class VolumeUnderSurface
{
    /// <summary>Both volumes and the largest buffer length they average over.</summary>
    public readonly record struct Result(double Roc, double Pr, int MaxBuffer);

    /// <summary>Range-AUC-ROC and Range-AUC-PR at one buffer length.</summary>
    public readonly record struct RangeAuc(double Roc, double Pr);

    /// <summary>VUS-ROC and VUS-PR over buffer lengths 0 … <paramref name="maxBuffer"/>; NaN without a labelled row (ROC also without a normal one).</summary>
    public static Result Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int maxBuffer)
    {
        if (maxBuffer < 0) throw new ArgumentOutOfRangeException(nameof(maxBuffer), maxBuffer, "the maximum buffer length must be ≥ 0");
        var surface = new Surface(scores, labels, maxBuffer);
        double roc = 0, pr = 0;
        for (int buffer = 0; buffer <= maxBuffer; buffer++)
        {
            var r = surface.At(buffer);
            roc += r.Roc;
            pr += r.Pr;
        }
        return new Result(roc / (maxBuffer + 1), pr / (maxBuffer + 1), maxBuffer);
    }

    /// <summary>Range-AUC-ROC and Range-AUC-PR at one buffer length ℓ.</summary>
    public static RangeAuc At(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int buffer)
    {
        if (buffer < 0) throw new ArgumentOutOfRangeException(nameof(buffer), buffer, "the buffer length must be ≥ 0");
        return new Surface(scores, labels, buffer).At(buffer);
    }

    /// <summary>
    /// One row in descending score order, located against the labelled ranges: <see cref="Before"/> = 0 for a
    /// row inside range <see cref="Range"/>; otherwise the distances to the end of the nearest range before it
    /// (index <see cref="Range"/>, −1 if none), to the second nearest before, and to the starts of the nearest
    /// and second nearest after it (int.MaxValue where there is none).
    /// </summary>
    private struct Row
    {
        public int Range;
        public int Before;
        public int Before2;
        public int After;
        public int After2;
    }

    /// <summary>The sorted rows and labelled ranges, shared by every buffer length.</summary>
    private sealed class Surface
    {
        private readonly float[] sortedScores; // ascending; rows are walked from the end
        private readonly Row[] rows;           // same order as sortedScores
        private readonly int[] starts;
        private readonly int[] ends;
        private readonly long positives;
        private readonly int count;
        private readonly double[] ramp;        // ramp[d] = √(1 − d/ℓ) for the current ℓ
        private readonly int[] group;          // merged extended range of each labelled range
        private readonly int[] hitStamp;       // per merged range: last pass that saw a flagged row in it
        private int pass;

        public Surface(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int maxBuffer)
        {
            if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
            int n = 0;
            foreach (float s in scores) if (!float.IsNaN(s)) n++;
            var kept = new bool[n];
            sortedScores = new float[n];
            for (int i = 0, k = 0; i < scores.Length; i++)
            {
                if (float.IsNaN(scores[i])) continue;
                sortedScores[k] = scores[i];
                kept[k++] = labels[i];
            }
            count = n;
            var spans = EventMetrics.Runs(kept);
            starts = spans.Select(s => s.Start).ToArray();
            ends = spans.Select(s => s.End).ToArray();
            foreach (var s in spans) positives += s.Length;
            rows = new Row[n];
            for (int i = 0, p = -1; i < n; i++)
            {
                while (p + 1 < starts.Length && starts[p + 1] <= i) p++;
                rows[i] = p >= 0 && i <= ends[p]
                    ? new Row { Range = p, Before = 0 }
                    : new Row
                    {
                        Range = p,
                        Before = p >= 0 ? i - ends[p] : int.MaxValue,
                        Before2 = p >= 1 ? i - ends[p - 1] : int.MaxValue,
                        After = p + 1 < starts.Length ? starts[p + 1] - i : int.MaxValue,
                        After2 = p + 2 < starts.Length ? starts[p + 2] - i : int.MaxValue,
                    };
            }
            Array.Sort(sortedScores, rows);
            ramp = new double[maxBuffer / 2 + 1];
            group = new int[starts.Length];
            hitStamp = new int[starts.Length];
        }

        public RangeAuc At(int buffer)
        {
            long negatives = count - positives;
            if (positives == 0) return new RangeAuc(double.NaN, double.NaN);
            int h = buffer / 2;
            for (int d = 1; d <= h; d++) ramp[d] = Math.Sqrt(1 - (double)d / buffer);
            // Ranges extended by h on both sides merge when they touch (TSB-AD's new_sequence).
            int groups = 0;
            for (int r = 0; r < starts.Length; r++)
            {
                if (r == 0 || (long)starts[r] - ends[r - 1] > 2L * h) groups++;
                group[r] = groups - 1;
            }
            int stamp = ++pass;

            long flaggedAnomalous = 0, flagged = 0, atLastCut = 0, atLastPoint = 0;
            int hit = 0;
            bool moved = false; // a row that can move TPR entered since the last curve point
            double bufferWeight = 0, roc = 0, pr = 0, previousTpr = 0, previousFpr = 0;
            for (int k = count - 1; k >= 0; k--)
            {
                ref readonly Row row = ref rows[k];
                int g = -1;
                double weight = 0;
                if (row.Before == 0) g = group[row.Range];
                else
                {
                    bool before = row.Before <= h, after = row.After <= h;
                    int ramps = (before ? 1 : 0) + (after ? 1 : 0) + (row.Before2 <= h ? 1 : 0) + (row.After2 <= h ? 1 : 0);
                    if (ramps > 0)
                    {
                        // Every ramp value is ≥ √½, so two of them always cap at 1.
                        weight = ramps >= 2 ? 1 : ramp[before ? row.Before : row.After];
                        g = group[before ? row.Range : row.Range + 1];
                    }
                }
                if (g >= 0 && !moved)
                {
                    // Cuts that added only plain normal rows run horizontally (TPR fixed, FPR growing) and
                    // have no PR area: one point at the last of them gives the same areas with far fewer divisions.
                    if (atLastCut > atLastPoint) Point(atLastCut, withPr: false);
                    moved = true;
                }
                flagged++;
                if (row.Before == 0) flaggedAnomalous++;
                bufferWeight += weight;
                if (g >= 0 && hitStamp[g] != stamp)
                {
                    hitStamp[g] = stamp;
                    hit++;
                }
                if (k > 0 && sortedScores[k - 1] == sortedScores[k]) continue; // ties enter together
                atLastCut = flagged;
                if (moved) Point(flagged, withPr: true);
                moved = false;
            }
            if (flagged > atLastPoint) Point(flagged, withPr: false);
            roc += (1 - previousFpr) * (1 + previousTpr) / 2;
            return new RangeAuc(negatives == 0 ? double.NaN : roc, pr);

            // The curve point with `flaggedAtCut` rows flagged and the current range counts.
            void Point(long flaggedAtCut, bool withPr)
            {
                double tp = flaggedAnomalous + bufferWeight;
                double rangePositives = positives + bufferWeight / 2;
                double tpr = Math.Min(tp / rangePositives, 1) * hit / groups;
                double fpr = (flaggedAtCut - tp) / (count - rangePositives);
                roc += (fpr - previousFpr) * (tpr + previousTpr) / 2;
                if (withPr) pr += (tpr - previousTpr) * (tp / flaggedAtCut);
                previousTpr = tpr;
                previousFpr = fpr;
                atLastPoint = flaggedAtCut;
            }
        }
    }
}
