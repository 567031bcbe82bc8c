using EdgeAE.Runtime.Bundles;

namespace EdgeAE.Device.Models;

/// <summary>
/// One read of the bundle file and the file's stamp taken just before it. The stamp comes first so a
/// change that lands during or after the read always shows as a different stamp to the watcher,
/// which then hashes the file and compares with <see cref="BundleFile.Sha256"/> of these bytes.
/// </summary>
public sealed record BundleSnapshot(BundleFile File, FileStamp Stamp);
