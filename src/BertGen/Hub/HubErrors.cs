using System.Net;

namespace BertGen.Hub;

/// <summary>
/// Turns the hub's error answers into <see cref="HubException"/>s that say what to do. The hub names the cause in
/// <c>X-Error-Code</c> (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo); plain statuses are read as
/// huggingface_hub reads them.
/// </summary>
internal sealed class HubErrors(HubOptions options, HubModelId id)
{
    private string Model => $"'{id}'";

    public HubException FromResponse(HttpResponseMessage response, string fileName, Uri url)
    {
        var code = HubFileMetadata.Header(response, "X-Error-Code");
        var status = (int)response.StatusCode;
        var hubSays = HubFileMetadata.Header(response, "X-Error-Message") is { } said ? $" (the hub says: {said})" : "";
        bool token = options.Token is not null;
        var where = $"HTTP {status} for {url}";

        var (kind, message) = (code, response.StatusCode) switch
        {
            ("RevisionNotFound", _) => (HubErrorKind.RevisionNotFound,
                $"model '{id.Repo}' on {options.Endpoint} has no revision '{id.Revision}' (a branch, tag or commit sha was expected; {where}){hubSays}"),
            ("EntryNotFound", _) or (null, HttpStatusCode.NotFound) when fileName != Checkpoints.CheckpointFiles.Config || code is not null => (HubErrorKind.FileNotFound,
                $"model {Model} on {options.Endpoint} has no {fileName} ({where}){hubSays}"),
            ("GatedRepo", _) or (_, HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) when token => (HubErrorKind.TokenRejected,
                $"the token was rejected for model {Model} on {options.Endpoint} ({where}){hubSays}: check that HF_TOKEN is valid and has access to the model; for a gated model, accept its conditions at {options.Endpoint}/{id.Repo}"),
            ("GatedRepo", _) or (_, HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) => (HubErrorKind.TokenRequired,
                $"model {Model} on {options.Endpoint} is gated or private, or does not exist ({where}){hubSays}: set HF_TOKEN (or run `huggingface-cli login`) with a token that has access; for a gated model, accept its conditions at {options.Endpoint}/{id.Repo} first"),
            ("RepoNotFound", _) or (null, HttpStatusCode.NotFound) => (HubErrorKind.RepositoryNotFound,
                $"no model '{id.Repo}' on {options.Endpoint}, and no local folder of that name; check the name ({where}){hubSays}" + (token ? "" : ". If the model is private, set HF_TOKEN")),
            _ when status >= 500 => (HubErrorKind.Unreachable, $"{options.Endpoint} failed to serve {fileName} of {Model} ({where}){hubSays}"),
            _ => (HubErrorKind.Protocol, $"unexpected answer for {fileName} of {Model}: {where} {response.ReasonPhrase}{hubSays}"),
        };
        return new HubException(kind, message, id.ToString(), fileName, url) { StatusCode = status };
    }

    public HubException Unreachable(string fileName, Uri url, Exception cause) =>
        new(HubErrorKind.Unreachable, $"could not reach {options.Endpoint} for {fileName} of {Model} ({url}): {cause.Message}", id.ToString(), fileName, url, cause);

    public HubException Protocol(string fileName, Uri url, string problem) =>
        new(HubErrorKind.Protocol, $"{url}: {problem}", id.ToString(), fileName, url);
}
