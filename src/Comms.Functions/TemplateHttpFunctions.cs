using Comms.Api.Templating;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>The template preview of openapi.yaml (README, Templates and locales), bound as <see cref="Comms.Core.Hosting.HostBindings.Http"/> declares it.</summary>
public sealed class TemplateHttpFunctions(TemplatesApi templates)
{
    [Function(FunctionNames.PreviewTemplate)]
    public Task<IResult> Preview(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.TemplatePreview)] HttpRequest req,
        string commsType) =>
        templates.PreviewAsync(commsType, req, req.HttpContext.RequestAborted);
}
