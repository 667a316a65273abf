using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Comms.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
