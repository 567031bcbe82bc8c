using EdgeAE.Runtime.Bundles;
using EdgeAE.Runtime.Tests.Support;

namespace EdgeAE.Runtime.Tests.FrontEnds;

/// <summary>The manifest's front_end: JSON round trip, the model shape it implies, and every bad field named.</summary>
public class FrontEndManifestTests
{
    private static BundleManifest Audio()
    {
        var m = TestBundles.Manifest(window: 3072, channels: 1, hop: 512);
        m.Channels = ["mic"];
        m.FrontEnd = FrontEndSpecs.Dcase();
        m.Provenance.GraphSha256 = new string('c', 64);
        return m;
    }

    private static BundleManifest Vibration()
    {
        var m = TestBundles.Manifest(window: 1024, channels: 3, hop: 256);
        m.FrontEnd = FrontEndSpecs.Spectrum(3200, 256, 128, SpectrumBands.Octave, WindowFunction.Hann, fraction: 3, fmin: 50);
        m.Provenance.GraphSha256 = new string('c', 64);
        return m;
    }

    [Test]
    public void RoundTripsAndWritesLibrosaNames()
    {
        var m = Audio();
        string json = ManifestJson.Serialize(m);
        Assert.That(json, Does.Contain("\"front_end\":{\"kind\":\"logmel\",\"sample_rate\":16000,\"window_function\":\"hann\",\"n_fft\":1024,\"hop_length\":512"));
        Assert.That(json, Does.Contain("\"n_mels\":128").And.Contain("\"frames\":5"));
        var back = ManifestJson.Parse(json);
        Assert.That(ManifestJson.Serialize(back), Is.EqualTo(json));
        Assert.That(back.FrontEnd!.SameAs(m.FrontEnd), Is.True);
        ManifestValidator.ValidateFields(back);
    }

    [Test]
    public void TheModelSeesRowsTimesFeaturesPerChannel()
    {
        var audio = Audio();
        Assert.That(audio.ModelWindow, Is.EqualTo(640), "5 frames × 128 mels: ad01's input");
        Assert.That(ManifestValidator.WindowShape(audio.Layout, audio.ModelWindow, audio.ChannelCount), Is.EqualTo(new long[] { -1, 640 }));
        var vibration = Vibration();
        ManifestValidator.ValidateFields(vibration);
        // Third octaves with mid-bands from 50 Hz to 1,600 Hz (the Nyquist frequency): 16 bands × 3 axes.
        Assert.That(vibration.FrontEnd!.Rows(1024), Is.EqualTo(1));
        Assert.That(vibration.ModelWindow, Is.EqualTo(16));
        Assert.That(vibration.ModelValues, Is.EqualTo(48));
        ManifestValidator.ValidateAgainstModel(audio, [new TensorSignature("input", [-1, 640], true)], [new TensorSignature("output", [-1, 640], true)]);
        var e = Assert.Throws<BundleException>(() => ManifestValidator.ValidateAgainstModel(audio, [new TensorSignature("input", [-1, 3072], true)], [new TensorSignature("output", [-1, 3072], true)]));
        Assert.That(e!.Field, Is.EqualTo("layout"));
        Assert.That(e.Message, Does.Contain("front end's 640 values"));
    }

    [Test]
    public void BundlesWithoutAFrontEndStillReadAndSeeTheirWindow()
    {
        const string old = "{\"schema\":1,\"input_name\":\"input\",\"output_name\":\"output\",\"layout\":\"flat\",\"window\":4,\"hop\":1,\"channels\":[\"a\",\"b\"],\"normalization\":{\"kind\":\"none\",\"offset\":[],\"scale\":[]},\"score\":{\"metric\":\"mse\",\"reduction\":\"mean\",\"top_k\":0,\"smoothing_alpha\":1},\"provenance\":{\"source_sha256\":\"\",\"precision\":\"fp32\",\"tool_version\":\"\",\"created_utc\":\"2026-01-01T00:00:00Z\",\"graph_sha256\":\"" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "\",\"source\":\"\"}}";
        var m = ManifestJson.Parse(old);
        ManifestValidator.ValidateFields(m);
        Assert.That(m.FrontEnd, Is.Null);
        Assert.That(m.ModelWindow, Is.EqualTo(4));
        Assert.That(ManifestJson.Serialize(m), Does.Not.Contain("front_end\":{"));
    }

    private static IEnumerable<TestCaseData> BadFields()
    {
        int n = 0;
        TestCaseData Audio(string field, Action<BundleManifest> breakIt) => new TestCaseData(field, breakIt, true).SetName($"Logmel validation names {field} (case {++n})");
        TestCaseData Vib(string field, Action<BundleManifest> breakIt) => new TestCaseData(field, breakIt, false).SetName($"Spectrum validation names {field} (case {++n})");
        yield return Audio("front_end.kind", m => m.FrontEnd!.Kind = (FrontEndKind)5);
        yield return Audio("front_end.sample_rate", m => m.FrontEnd!.SampleRate = 0);
        yield return Audio("front_end.sample_rate", m => m.FrontEnd!.SampleRate = double.NaN);
        yield return Audio("front_end.n_fft", m => m.FrontEnd!.NFft = 1000);
        yield return Audio("front_end.hop_length", m => m.FrontEnd!.HopLength = 0);
        yield return Audio("front_end.n_mels", m => m.FrontEnd!.NMels = 0);
        yield return Audio("front_end.n_mels", m => m.FrontEnd!.NMels = 400);
        yield return Audio("front_end.frames", m => m.FrontEnd!.Frames = 0);
        yield return Audio("front_end.power", m => m.FrontEnd!.Power = -1);
        yield return Audio("front_end.log_epsilon", m => m.FrontEnd!.LogEpsilon = 0);
        yield return Audio("front_end.fmax", m => m.FrontEnd!.Fmax = 9000);
        yield return Audio("front_end.fmin", m => m.FrontEnd!.Fmin = 8000);
        yield return Audio("front_end.window_function", m => m.FrontEnd!.WindowFunction = (WindowFunction)9);
        yield return Audio("front_end.band_count", m => m.FrontEnd!.BandCount = 4);
        yield return Audio("front_end.log", m => m.FrontEnd!.Log = true);
        yield return Audio("window", m => m.Window = 3000);
        yield return Vib("front_end.power", m => m.FrontEnd!.Power = 3);
        yield return Vib("front_end.octave_fraction", m => m.FrontEnd!.OctaveFraction = 0);
        yield return Vib("front_end.fmin", m => m.FrontEnd!.Fmin = 0);
        yield return Vib("front_end.fmin", m => m.FrontEnd!.Fmin = 5);
        yield return Vib("front_end.band_count", m => { m.FrontEnd!.Bands = SpectrumBands.Linear; m.FrontEnd.OctaveFraction = 0; });
        yield return Vib("front_end.band_count", m => { m.FrontEnd!.Bands = SpectrumBands.Linear; m.FrontEnd.OctaveFraction = 0; m.FrontEnd.BandCount = 200; });
        yield return Vib("front_end.n_mels", m => m.FrontEnd!.NMels = 128);
        yield return Vib("front_end.frames", m => m.FrontEnd!.Frames = 5);
        yield return Vib("window", m => m.Window = 1000);
        yield return Vib("window", m => m.Window = 128);
    }

    [TestCaseSource(nameof(BadFields))]
    public void EveryBadFieldIsNamed(string field, Action<BundleManifest> breakIt, bool audio)
    {
        var m = audio ? Audio() : Vibration();
        breakIt(m);
        var e = Assert.Throws<BundleException>(() => ManifestValidator.ValidateFields(m));
        Assert.That(e!.Field, Is.EqualTo(field), e.Message);
    }

    [Test]
    public void AnUnknownKindInJsonListsTheKinds()
    {
        string json = ManifestJson.Serialize(Audio()).Replace("\"logmel\"", "\"mfcc\"");
        var e = Assert.Throws<BundleException>(() => ManifestJson.Parse(json));
        Assert.That(e!.Field, Is.EqualTo("manifest.front_end.kind"));
        Assert.That(e.Message, Does.Contain("'mfcc' is not one of spectrum, logmel"));
    }
}
