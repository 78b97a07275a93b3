// Entry point for `dotnet run --project tools/WooshPay.Sandbox -- --urls http://127.0.0.1:12111`.
// Everything lives in SandboxServer so tests can start the same app in-process.
await WooshPay.Sandbox.SandboxServer.RunAsync(args);
