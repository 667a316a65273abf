using System.Diagnostics;
using Comms.Testing;

namespace Comms.EndToEnd.Tests.Hosts;

/// <summary>Comms.Server, the built dll run with dotnet.</summary>
public sealed class ServerHost(IDictionary<string, string> settings) : CommsHost(settings)
{
    public override HostKind Kind => HostKind.Server;

    /// <summary>The test settings' visibility timeouts (10 s) plus the sidecar's start and lease takeover.</summary>
    public override TimeSpan RecoveryPatience => TimeSpan.FromMinutes(3);

    public static string ServerDll()
    {
        // The test project references Comms.Server, so it is built in the same configuration beside its sources.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "src", "Comms.Server", "bin", configuration, "net10.0", "Comms.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Comms.Server is not built.", dll);
    }

    protected override ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo("dotnet", [ServerDll(), "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(ServerDll())!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Settings)
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
