using EdgeAE.Export.Cli;

return await CliApp.RunAsync(args);
