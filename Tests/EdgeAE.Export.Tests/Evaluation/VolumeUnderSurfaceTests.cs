using EdgeAE.Export.Evaluation;

namespace EdgeAE.Export.Tests.Evaluation;

public class VolumeUnderSurfaceTests
{
    [Test]
    public void TinyCaseByHand()
    {
        // Rows 0–4, one labelled row (2); row 3, right after it, has the top score.
        float[] s = [0.1f, 0.3f, 0.5f, 0.9f, 0.2f];
        bool[] y = [false, false, true, false, false];
        // ℓ = 0 (and ℓ = 1, whose half-width ⌊ℓ/2⌋ is 0): the positive beats 3 of 4 negatives; AP = recall 1 at precision ½.
        Assert.That(VolumeUnderSurface.At(s, y, 0), Is.EqualTo(new VolumeUnderSurface.RangeAuc(0.75, 0.5)));
        Assert.That(VolumeUnderSurface.At(s, y, 1), Is.EqualTo(new VolumeUnderSurface.RangeAuc(0.75, 0.5)));
        // ℓ = 2: rows 1 and 3 weigh w = √(1 − 1/2). Cut 0.9 flags row 3: TP = w, P₂ = 1 + w/2, TPR = w/(1 + w/2),
        // FP = 1 − w, FPR = (1 − w)/(5 − 1 − w/2), precision w. Cut 0.5 adds row 2: TPR = min((1 + w)/(1 + w/2), 1) = 1,
        // FPR unchanged, precision (1 + w)/2. Later cuts only move FPR at TPR 1.
        double w = Math.Sqrt(0.5), tpr1 = w / (1 + w / 2), fpr1 = (1 - w) / (4 - w / 2);
        double pr2 = tpr1 * w + (1 - tpr1) * (1 + w) / 2;
        double roc2 = fpr1 * tpr1 / 2 + (1 - fpr1);
        var at2 = VolumeUnderSurface.At(s, y, 2);
        Assert.That(at2.Pr, Is.EqualTo(pr2).Within(1e-12));
        Assert.That(at2.Roc, Is.EqualTo(roc2).Within(1e-12));
        var vus = VolumeUnderSurface.Compute(s, y, maxBuffer: 2);
        Assert.That(vus.Pr, Is.EqualTo((0.5 + 0.5 + pr2) / 3).Within(1e-12));
        Assert.That(vus.Roc, Is.EqualTo((0.75 + 0.75 + roc2) / 3).Within(1e-12));
        Assert.That(vus.MaxBuffer, Is.EqualTo(2));
    }

    [Test]
    public void BufferZeroWithOneEventIsThePointwiseAuc()
    {
        // With one labelled range the existence factor is 1 at every cut that flags one of its rows, so
        // ℓ = 0 is exactly the point-wise ROC and PR curve.
        var rng = new Random(13);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(5, 600);
            int start = rng.Next(0, n), end = Math.Min(n - 1, start + rng.Next(0, n / 3 + 1));
            var y = Enumerable.Range(0, n).Select(i => i >= start && i <= end).ToArray();
            int levels = rng.Next(2, 50); // few levels: many ties
            var s = Enumerable.Range(0, n).Select(_ => (float)rng.Next(levels)).ToArray();
            var at0 = VolumeUnderSurface.At(s, y, 0);
            double auroc = RankingMetrics.Auroc(s, y), auprc = RankingMetrics.Auprc(s, y);
            if (y.All(v => v)) Assert.That(double.IsNaN(at0.Roc) && double.IsNaN(auroc), $"trial {trial}");
            else Assert.That(at0.Roc, Is.EqualTo(auroc).Within(1e-12), $"trial {trial}");
            Assert.That(at0.Pr, Is.EqualTo(auprc).Within(1e-12), $"trial {trial}");
            Assert.That(VolumeUnderSurface.Compute(s, y, 1).Pr, Is.EqualTo(auprc).Within(1e-12), "ℓ = 1 has no buffer either");
        }
    }

    [Test]
    public void AgreesWithADirectTransliterationOfTheDefinition()
    {
        // The reference below builds label_ℓ, the merged ranges and every cut with arrays, O(n²·L);
        // the implementation walks sorted rows with distances instead.
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(3, 160);
            var y = new bool[n];
            for (int i = 0; i < n;)
            {
                if (rng.NextDouble() < 0.08) { int len = rng.Next(1, 8); for (int k = i; k < Math.Min(n, i + len); k++) y[k] = true; i += len + 1; }
                else i++;
            }
            if (!y.Any(v => v)) y[rng.Next(n)] = true;
            int levels = rng.Next(2, 3 * n);
            var s = Enumerable.Range(0, n).Select(_ => (float)rng.Next(levels)).ToArray();
            int maxBuffer = rng.Next(0, 14);
            var (roc, pr) = Reference(s, y, maxBuffer);
            var vus = VolumeUnderSurface.Compute(s, y, maxBuffer);
            if (y.All(v => v)) Assert.That(double.IsNaN(vus.Roc), $"trial {trial}");
            else Assert.That(vus.Roc, Is.EqualTo(roc).Within(1e-9), $"trial {trial}: n {n}, L {maxBuffer}");
            Assert.That(vus.Pr, Is.EqualTo(pr).Within(1e-9), $"trial {trial}: n {n}, L {maxBuffer}");
        }
    }

    [Test]
    public void PerfectDetectorScoresOne()
    {
        var y = Enumerable.Range(0, 500).Select(i => i is (>= 40 and < 60) or (>= 62 and < 63) or (>= 300 and < 420) or 499).ToArray();
        var s = y.Select(v => v ? 2f : 1f).ToArray();
        foreach (int maxBuffer in new[] { 0, 1, 7, 60 })
        {
            var vus = VolumeUnderSurface.Compute(s, y, maxBuffer);
            Assert.That((vus.Roc, vus.Pr), Is.EqualTo((1.0, 1.0)), $"L {maxBuffer}");
        }
    }

    [Test]
    public void ConstantScoreGetsTheBufferedAnomalyRatio()
    {
        // One cut flags everything: TPR 1 and precision (P + B_ℓ)/n, with B_ℓ the buffer weight of all rows.
        // Rows 500–509 labelled out of 1000; B₀ = B₁ = 0, B₂ = 2√½, B₃ = 2√⅔, B₄ = 2(√¾ + √½).
        const int n = 1000;
        var y = Enumerable.Range(0, n).Select(i => i is >= 500 and < 510).ToArray();
        var s = new float[n];
        Array.Fill(s, 0.3f);
        double[] b = [0, 0, 2 * Math.Sqrt(0.5), 2 * Math.Sqrt(2 / 3.0), 2 * (Math.Sqrt(0.75) + Math.Sqrt(0.5))];
        Assert.That(VolumeUnderSurface.Compute(s, y, 0).Pr, Is.EqualTo(10.0 / n), "ℓ = 0: the anomaly ratio");
        Assert.That(VolumeUnderSurface.Compute(s, y, 4).Pr, Is.EqualTo(b.Average(x => (10 + x) / n)).Within(1e-15));
        // ROC: (0, 0) → (FPR, 1) → (1, 1) with FPR = (n − P − B)/(n − P − B/2): ½ at ℓ = 0, a little more with a buffer.
        double Roc(double x) { double fpr = (n - 10 - x) / (n - 10 - x / 2); return fpr / 2 + (1 - fpr); }
        Assert.That(VolumeUnderSurface.Compute(s, y, 0).Roc, Is.EqualTo(0.5));
        Assert.That(VolumeUnderSurface.Compute(s, y, 4).Roc, Is.EqualTo(b.Average(Roc)).Within(1e-15));
    }

    [Test]
    public void InvariantToMonotoneTransformsOfTheScore()
    {
        var rng = new Random(3);
        const int n = 3000;
        var y = Enumerable.Range(0, n).Select(i => i % 400 is >= 100 and < 130 || i == 2999).ToArray();
        var s = Enumerable.Range(0, n).Select(i => (float)(rng.Next(1000) + (y[i] ? 150 : 0))).ToArray();
        var reference = VolumeUnderSurface.Compute(s, y, 25);
        foreach (var f in new Func<float, float>[] { v => 3 * v * v * v + 5, v => MathF.Log(1 + v), v => v / 1e6f - 7 })
        {
            var t = s.Select(f).ToArray();
            Assert.That(t.Distinct().Count(), Is.EqualTo(s.Distinct().Count()), "the transform keeps every score distinct");
            Assert.That(VolumeUnderSurface.Compute(t, y, 25), Is.EqualTo(reference));
        }
        Assert.That(reference.Pr, Is.GreaterThan(0.1).And.LessThan(1));
    }

    [Test]
    public void AnEarlyAlarmEarnsBufferCredit()
    {
        // Scores peak on the 2 rows before each 20-row event: point-wise AUPRC is the anomaly ratio (the peaks
        // are all false positives), the buffer credits the near miss once ⌊ℓ/2⌋ ≥ 1.
        const int n = 2000;
        var y = Enumerable.Range(0, n).Select(i => i % 500 is >= 200 and < 220).ToArray();
        var s = Enumerable.Range(0, n).Select(i => i % 500 is >= 198 and < 200 ? 1f : 0f).ToArray();
        double auprc = RankingMetrics.Auprc(s, y);
        Assert.That(auprc, Is.EqualTo(80.0 / n).Within(1e-12));
        Assert.That(VolumeUnderSurface.At(s, y, 0).Pr, Is.EqualTo(auprc).Within(1e-12));
        Assert.That(VolumeUnderSurface.At(s, y, 20).Pr, Is.GreaterThan(3 * auprc));
        Assert.That(VolumeUnderSurface.Compute(s, y, 20).Pr, Is.GreaterThan(2 * auprc));
    }

    [Test]
    public void NanRowsAreLeftOutAndDegenerateLabelsGiveNaN()
    {
        float[] s = [0.1f, 0.3f, 0.5f, 0.9f, 0.2f, 0.4f];
        bool[] y = [false, false, true, false, false, true];
        float[] withGaps = [0.1f, float.NaN, 0.3f, 0.5f, 0.9f, float.NaN, 0.2f, 0.4f];
        bool[] yWithGaps = [false, true, false, true, false, false, false, true];
        Assert.That(VolumeUnderSurface.Compute(withGaps, yWithGaps, 4), Is.EqualTo(VolumeUnderSurface.Compute(s, y, 4)));
        var none = VolumeUnderSurface.Compute(s, new bool[6], 4);
        Assert.That(double.IsNaN(none.Roc) && double.IsNaN(none.Pr), "no labelled row");
        var all = VolumeUnderSurface.Compute(s, Enumerable.Repeat(true, 6).ToArray(), 4);
        Assert.That(double.IsNaN(all.Roc), "no normal row: no false-positive rate");
        Assert.That(all.Pr, Is.EqualTo(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumeUnderSurface.Compute(s, y, -1));
    }

    /// <summary>TSB-AD's RangeAUC_volume_opt over every distinct cut, written with arrays as the reference does.</summary>
    private static (double Roc, double Pr) Reference(float[] score, bool[] label, int maxBuffer)
    {
        int n = score.Length;
        var ranges = EventMetrics.Runs(label);
        double p = label.Count(v => v);
        var cuts = score.Distinct().OrderByDescending(v => v).ToArray();
        double rocSum = 0, prSum = 0;
        for (int l = 0; l <= maxBuffer; l++)
        {
            int h = l / 2;
            var ext = label.Select(v => v ? 1.0 : 0.0).ToArray();
            foreach (var r in ranges)
            {
                for (int x = r.End + 1; x < Math.Min(r.End + h + 1, n); x++) ext[x] += Math.Sqrt(1 - (x - r.End) / (double)l);
                for (int x = Math.Max(r.Start - h, 0); x < r.Start; x++) ext[x] += Math.Sqrt(1 - (r.Start - x) / (double)l);
            }
            for (int i = 0; i < n; i++) ext[i] = Math.Min(1, ext[i]);
            var merged = new List<(int A, int B)>();
            int a = Math.Max(ranges[0].Start - h, 0);
            for (int i = 0; i < ranges.Count - 1; i++)
                if (ranges[i].End + h < ranges[i + 1].Start - h) { merged.Add((a, ranges[i].End + h)); a = ranges[i + 1].Start - h; }
            merged.Add((a, Math.Min(ranges[^1].End + h, n - 1)));

            var tprs = new List<double> { 0 };
            var fprs = new List<double> { 0 };
            var precisions = new List<double> { 1 };
            foreach (float cut in cuts)
            {
                var pred = score.Select(v => v >= cut ? 1.0 : 0.0).ToArray();
                var lab = (double[])ext.Clone();
                int existence = 0;
                foreach (var (sa, sb) in merged)
                {
                    bool any = false;
                    for (int x = sa; x <= sb; x++) { lab[x] = ext[x] * pred[x]; any |= pred[x] > 0; }
                    if (any) existence++;
                }
                foreach (var r in ranges) for (int x = r.Start; x <= r.End; x++) lab[x] = 1;
                double tp = 0, nLabels = 0, nPred = pred.Sum();
                for (int x = 0; x < n; x++) { tp += lab[x] * pred[x]; nLabels += lab[x]; }
                double pNew = (p + nLabels) / 2;
                tprs.Add(Math.Min(tp / pNew, 1) * existence / merged.Count);
                fprs.Add((nPred - tp) / (n - pNew));
                precisions.Add(tp / nPred);
            }
            double ap = 0;
            for (int k = 1; k < tprs.Count; k++) ap += (tprs[k] - tprs[k - 1]) * precisions[k];
            tprs.Add(1);
            fprs.Add(1);
            double auc = 0;
            for (int k = 1; k < tprs.Count; k++) auc += (fprs[k] - fprs[k - 1]) * (tprs[k] + tprs[k - 1]) / 2;
            rocSum += auc;
            prSum += ap;
        }
        return (rocSum / (maxBuffer + 1), prSum / (maxBuffer + 1));
    }
}
