using System.ComponentModel.DataAnnotations;

namespace Comms.Server.Http;

/// <summary><c>Comms:Server</c>: the API keys Comms.Server accepts (the role of Functions keys in Azure).</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Comms:Server";

    [MinLength(1, ErrorMessage = "Comms:Server:ApiKeys must list at least one API key.")]
    [Required(ErrorMessage = "Comms:Server:ApiKeys must list at least one API key.")]
    public IList<string> ApiKeys { get; } = [];
}
