using Microsoft.AspNetCore.Diagnostics;

namespace BertGen.ClassificationService;

/// <summary>
/// Answers bad requests with 400 and a problem document that says what was wrong: a body that is not JSON or
/// not the request's shape (with the JSON reader's position), a missing or too long text.
/// </summary>
internal sealed class BadInputHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            BadHttpRequestException bad => bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message,
            ArgumentException argument => argument.Message,
            _ => null,
        };
        if (detail is null)
            return false;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = "Bad request", Detail = detail },
            Exception = exception,
        });
    }
}
