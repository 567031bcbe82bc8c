using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeAE.Device.Tests.Support;

/// <summary>
/// A real mosquitto on 127.0.0.1 and a free port: TLS with a certificate made in the test, a password
/// file (user "board", and "plant" for the test's own consumer), no anonymous access, persistence so
/// a stop/start keeps persistent sessions. Stop sends SIGTERM (mosquitto saves its state), Start brings it back on the same port.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    public const string BoardUser = "board", BoardPassword = "board-secret";
    public const string PlantUser = "plant", PlantPassword = "plant-secret";
    private const string Binary = "/usr/sbin/mosquitto";

    private readonly string dir;
    private readonly string config;
    private Process? process;

    public MosquittoBroker(string dir)
    {
        this.dir = dir;
        Tls = TestCertificates.Create(dir, "broker");
        Port = FreePort();
        string passwords = Path.Combine(dir, "passwords");
        foreach (var (user, password) in new[] { (BoardUser, BoardPassword), (PlantUser, PlantPassword) })
            Run("mosquitto_passwd", "-b", File.Exists(passwords) ? "" : "-c", passwords, user, password);
        BoardPasswordFile = Path.Combine(dir, "board.password");
        File.WriteAllText(BoardPasswordFile, BoardPassword + "\n");
        PlantPasswordFile = Path.Combine(dir, "plant.password");
        File.WriteAllText(PlantPasswordFile, PlantPassword + "\n");
        WrongPasswordFile = Path.Combine(dir, "wrong.password");
        File.WriteAllText(WrongPasswordFile, "not-the-password\n");
        Directory.CreateDirectory(Path.Combine(dir, "persist"));
        config = Path.Combine(dir, "mosquitto.conf");
        File.WriteAllText(config, $"""
            user root
            per_listener_settings false
            allow_anonymous false
            password_file {passwords}
            persistence true
            persistence_location {Path.Combine(dir, "persist")}/
            autosave_interval 1
            log_dest file {LogFile}
            log_type error
            log_type warning
            log_type notice
            log_type information
            connection_messages true
            max_queued_messages 100000
            listener {Port} 127.0.0.1
            cafile {Tls.CaFile}
            certfile {Tls.CertFile}
            keyfile {Tls.KeyFile}
            """ + "\n");
        Start();
    }

    public static bool Available => File.Exists(Binary);

    public int Port { get; }
    public TestCertificates.Set Tls { get; }
    public string Url => $"mqtts://127.0.0.1:{Port}";
    public string BoardPasswordFile { get; }
    public string WrongPasswordFile { get; }
    public string PlantPasswordFile { get; }
    public string LogFile => Path.Combine(dir, "mosquitto.log");
    public bool Running => process is { HasExited: false };

    public void Start()
    {
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(config);
        process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited) throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}; log: {(File.Exists(LogFile) ? File.ReadAllText(LogFile) : "")}");
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("mosquitto did not listen within 10 s");
    }

    /// <summary>SIGTERM and wait: mosquitto writes its persistence file and exits.</summary>
    public void Stop()
    {
        if (process is null || process.HasExited) return;
        kill(process.Id, 15);
        if (!process.WaitForExit(10_000)) process.Kill();
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    public int ProcessId => process?.Id ?? 0;

    public void Dispose()
    {
        if (process is { HasExited: false }) process.Kill();
        process?.Dispose();
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args.Where(a => a.Length > 0)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {p.StandardError.ReadToEnd()}");
    }

    /// <summary>SIGTERM to any process (the daemon's clean stop in tests).</summary>
    public static void Terminate(int pid) => kill(pid, 15);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
