// Placeholder entry point until the daemon (issue 7) lands: prints what it is and exits non-zero.
Console.Error.WriteLine("edgeae-device: the daemon is not built yet (issue 7)");
return 2;
