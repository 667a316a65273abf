using Comms.Server;
using Comms.Server.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommsServer();

var app = builder.Build();
app.MapCommsApi();
app.MapAgentShortcut();
app.Run();

/// <summary>The entry point, visible to the end-to-end tests.</summary>
public partial class Program;
