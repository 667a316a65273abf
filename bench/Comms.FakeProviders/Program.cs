using System.Globalization;
using System.Runtime.InteropServices;
using Comms.Testing.Fakes;

// Usage: dotnet run --project bench/Comms.FakeProviders -c Release -- [--settings FILE]
// Starts the fake ACS (SMS + e-mail), Notification Hubs and external system "crm" on free loopback ports, writes the
// Comms.Server settings that point at them (export lines) to FILE (default: stdout), then reports what each fake
// accepted every 5 seconds until stopped.
var settingsFile = args.SkipWhile(a => a != "--settings").Skip(1).FirstOrDefault();
await using var acs = new FakeAcs();
await using var hubs = new FakeNotificationHubs();
await using var crm = new WebhookReceiver();
await Task.WhenAll(acs.StartAsync(), hubs.StartAsync(), crm.StartAsync());

var settings = string.Join('\n',
    $"export Comms__Email__Provider=Acs Comms__Email__From=billing@comms.test",
    $"export Comms__Sms__Provider=Acs Comms__Sms__From=+18005550100",
    $"export 'Comms__Acs__ConnectionString={acs.ConnectionString}' Comms__Acs__EmailPollInterval=00:00:00.200",
    $"export Comms__Push__Provider=NotificationHubs 'Comms__NotificationHubs__ConnectionString={hubs.ConnectionString}'",
    $"export Comms__NotificationHubs__HubName={hubs.HubName} Comms__NotificationHubs__Endpoint={hubs.BaseUrl}",
    $"export Comms__External__Systems__crm__Url={crm.Url} Comms__External__Systems__crm__Secret={crm.Secret}",
    "");
if (settingsFile is null)
{
    Console.Write(settings);
}
else
{
    await File.WriteAllTextAsync(settingsFile, settings);
}

using var stop = new CancellationTokenSource();

// The fakes' hosts take over SIGINT/SIGTERM to stop themselves; this loop has to hear them too to let the process end.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => stop.Cancel());
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => stop.Cancel());
while (!stop.IsCancellationRequested)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"accepted: sms {acs.Sms.Count}, email {acs.Emails.Count}, push {hubs.Pushes.Count}, external {crm.Received.Count}; refused signatures {acs.Unauthorized + hubs.Unauthorized + crm.Unauthorized}"));
    try
    {
        await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
}
