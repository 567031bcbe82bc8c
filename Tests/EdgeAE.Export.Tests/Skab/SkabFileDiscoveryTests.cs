using EdgeAE.Export.Benchmarks.Skab;
using EdgeAE.Runtime;

namespace EdgeAE.Export.Tests.Skab;

public class SkabFileDiscoveryTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("edgeae-skab-find-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private void Write(string relative, string header)
    {
        string path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, header + "\r\n2020-01-01 00:00:00;1;0;0\r\n");
    }

    [Test]
    public void FindsLabelledCsvsRecursivelyInNaturalOrderAndSkipsUnlabelled()
    {
        Write("valve1/10.csv", "datetime;a;anomaly;changepoint");
        Write("valve1/2.csv", "datetime;a;anomaly;changepoint");
        Write("valve2/0.csv", "datetime;a;Anomaly;changepoint");
        Write("anomaly-free/anomaly-free.csv", "datetime;a;b;c");
        Write("valve1/notes.txt", "datetime;a;anomaly;changepoint");
        Write("other/cp.csv", "datetime;a;changepoint;b");

        var found = SkabFileDiscovery.Find(dir).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).ToArray();

        Assert.That(found, Is.EqualTo(new[] { "valve1/2.csv", "valve1/10.csv", "valve2/0.csv" }));
    }

    [Test]
    public void CommaSeparatedHeadersAreRecognised()
    {
        Write("x/1.csv", "timestamp,a,anomaly");
        Assert.That(SkabFileDiscovery.Find(dir), Has.Count.EqualTo(1));
    }

    [Test]
    public void DirectoryWithoutLabelledFilesIsAClearError()
    {
        Write("anomaly-free/anomaly-free.csv", "datetime;a;b;c");
        var e = Assert.Throws<InputException>(() => SkabFileDiscovery.Find(dir));
        Assert.That(e!.Message, Does.Contain("no CSV file with a 'anomaly' column"));
    }

    [Test]
    public void MissingDirectoryIsAClearError()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => SkabFileDiscovery.Find(Path.Combine(dir, "nope")));
        Assert.That(e!.Message, Does.Contain("nope"));
    }
}
