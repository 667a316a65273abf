using Comms.Api.Templating;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>The template routes of openapi.yaml (README, Templates and locales; Template versions), bound as <see cref="Comms.Core.Hosting.HostBindings.Http"/> declares it.</summary>
public sealed class TemplateHttpFunctions(TemplatesApi templates)
{
    [Function(FunctionNames.PreviewTemplate)]
    public Task<IResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TemplatePreview)] HttpRequest req,
        string commsType) =>
        templates.PreviewAsync(commsType, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.PublishTemplates)]
    public Task<IResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TemplateVersions)] HttpRequest req,
        string commsType) =>
        templates.PublishAsync(commsType, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListTemplateVersions)]
    public Task<IResult> ListVersions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TemplateVersions)] HttpRequest req,
        string commsType) =>
        templates.ListVersionsAsync(commsType, req.HttpContext.RequestAborted);

    [Function(FunctionNames.GetTemplateVersion)]
    public Task<IResult> GetVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.TemplateVersion)] HttpRequest req,
        string commsType,
        string version) =>
        templates.GetVersionAsync(commsType, version, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ActivateTemplates)]
    public Task<IResult> Activate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TemplateActivate)] HttpRequest req,
        string commsType,
        string version) =>
        templates.ActivateAsync(commsType, version, req, req.HttpContext.RequestAborted);
}
