using System.Net;
using System.Net.Http.Headers;

namespace BertGen.Hub;

/// <summary>
/// Requests to the hub: the token only to the endpoint's own host, redirects followed here (the hub sends LFS
/// files to a CDN), and no content encoding so that sizes and hashes are those of the file.
/// </summary>
internal sealed class HubHttp(HubOptions options)
{
    private const int MaxRedirects = 10;

    private static readonly Lazy<HttpClient> s_shared = new(() => new HttpClient(new SocketsHttpHandler
    {
        // Redirects are followed by SendAsync, which reads the hub's headers on the redirect itself.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // The CDN's addresses change; pooled connections should not outlive them for long.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        // Until the headers arrive; the body has HubOptions.ReadTimeout per read.
        Timeout = TimeSpan.FromSeconds(30),
    });

    private readonly HttpClient client = options.HttpClient ?? s_shared.Value;
    private readonly string endpointAuthority = new Uri(options.Endpoint).GetLeftPart(UriPartial.Authority);

    public Uri FileUrl(HubModelId id, string revision, string fileName) =>
        new($"{options.Endpoint.TrimEnd('/')}/{id.Repo}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', fileName.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>
    /// Sends <paramref name="method"/> to <paramref name="url"/>, following redirects: all of them for GET; for
    /// HEAD only relative ones (a renamed repository), since an absolute one is the hub's answer for an LFS
    /// file, carrying its commit and hash, as huggingface_hub's <c>get_hf_file_metadata</c> reads it.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long? rangeFrom, CancellationToken cancellation)
    {
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("BertGen", typeof(HubHttp).Assembly.GetName().Version?.ToString(3) ?? "0"));
            // A presigned CDN URL must not receive the user's token, nor must any other host.
            if (options.Token is { } token && url.GetLeftPart(UriPartial.Authority) == endpointAuthority)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (rangeFrom is > 0)
                request.Headers.Range = new RangeHeaderValue(rangeFrom, null);

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
                return response;
            if (method == HttpMethod.Head && location.IsAbsoluteUri)
                return response;
            if (hop >= MaxRedirects)
            {
                response.Dispose();
                throw new HttpRequestException($"more than {MaxRedirects} redirects from {url}");
            }
            response.Dispose();
            url = new Uri(url, location);
        }
    }

    /// <summary>
    /// <see cref="SendAsync(HttpMethod, Uri, long?, CancellationToken)"/>, with a failure to reach the server (the
    /// network, a timeout) reported as <paramref name="errors"/>' Unreachable error for <paramref name="fileName"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, long? rangeFrom, HubErrors errors, string fileName, CancellationToken cancellation)
    {
        try
        {
            return await SendAsync(method, url, rangeFrom, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
        {
            throw errors.Unreachable(fileName, url, e);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;
}
