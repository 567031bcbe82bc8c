using System.CommandLine;
using EdgeAE.Plant.Link;

namespace EdgeAE.Export.Cli;

/// <summary>How `edgeae fleet …` reaches the plant broker: URL, login (password from a file), CA, client certificate.</summary>
public sealed class BrokerOptions
{
    public Option<string> Broker { get; } = new("--broker") { Description = "Broker URL: mqtt://host:1883 or mqtts://host:8883", Required = true };
    public Option<string> Group { get; } = new("--group") { Description = "Sparkplug group id (JSON mode: second topic level); default: every group" };
    public Option<string> Protocol { get; } = new("--protocol") { Description = "sparkplug (default) or json, as the boards' Mqtt:Protocol", DefaultValueFactory = _ => "sparkplug" };
    public Option<string> Prefix { get; } = new("--prefix") { Description = "JSON mode: first topic level (the boards' Mqtt:TopicPrefix)", DefaultValueFactory = _ => "edgeae" };
    public Option<string?> Username { get; } = new("--username") { Description = "Broker user name" };
    public Option<string?> PasswordFile { get; } = new("--password-file") { Description = "File holding the password (first line)" };
    public Option<string?> Ca { get; } = new("--ca") { Description = "PEM CA certificate the broker's certificate must chain to" };
    public Option<string?> Cert { get; } = new("--cert") { Description = "PEM client certificate" };
    public Option<string?> Key { get; } = new("--key") { Description = "PEM key of the client certificate" };

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { Broker, Group, Protocol, Prefix, Username, PasswordFile, Ca, Cert, Key }) c.Options.Add(o);
    }

    public bool Sparkplug(ParseResult r) => r.GetValue(Protocol) switch
    {
        "sparkplug" or "sparkplugb" => true,
        "json" => false,
        var other => throw new UsageException($"--protocol must be sparkplug or json, got '{other}'"),
    };

    public LinkSettings Settings(ParseResult r, string role)
    {
        if (!BrokerAddress.TryParse(r.GetValue(Broker)!, out var address, out var problem)) throw new UsageException($"--broker: {problem}");
        string? passwordFile = r.GetValue(PasswordFile);
        if (r.GetValue(Username) is not null && passwordFile is null) throw new UsageException("--username needs --password-file");
        foreach (var f in new[] { passwordFile, r.GetValue(Ca), r.GetValue(Cert), r.GetValue(Key) })
            if (f is not null && !File.Exists(f)) throw new FileNotFoundException($"{f} does not exist");
        return new LinkSettings
        {
            Broker = address!,
            ClientId = $"edgeae-{role}-{Environment.ProcessId}-{Random.Shared.Next(1 << 20):x}",
            Username = r.GetValue(Username),
            Password = passwordFile is null ? null : File.ReadLines(passwordFile).FirstOrDefault()?.TrimEnd('\r') ?? "",
            CaFile = r.GetValue(Ca),
            ClientCertFile = r.GetValue(Cert),
            ClientKeyFile = r.GetValue(Key),
        };
    }
}
