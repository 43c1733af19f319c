using System.Text.Json;
using BertGen.Hosting;
using BertGen.Prediction;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BertGen.ClassificationService;

/// <summary>
/// A minimal API that serves a BertGen classifier: POST /classify and /classify/batch (JSON in and out),
/// GET /health (the model and its traffic), GET /openapi/v1.json (the OpenAPI description). The model folder
/// and batching come from configuration (<c>BertGen:Classifier</c>: appsettings.json, environment variables
/// such as <c>BertGen__Classifier__ModelPath</c>, or <c>--BertGen:Classifier:ModelPath=...</c>).
/// </summary>
public static class ClassificationServiceApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddBertGenClassifier(builder.Configuration);
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadInputHandler>();
        // Bad JSON reaches the exception handler, which says what was wrong, instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapOpenApi();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth });

        app.MapPost("/classify", Classify)
            .WithName("Classify")
            .WithSummary("Classifies one text (or sentence pair)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapPost("/classify/batch", ClassifyBatch)
            .WithName("ClassifyBatch")
            .WithSummary("Classifies several texts; each joins the service's micro-batches with other callers' texts")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Results<Ok<ClassifyResponse>, ProblemHttpResult>> Classify(ClassifyRequest request, BatchingTextClassifier classifier, CancellationToken cancellation)
    {
        if (request.Text is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "the body needs a \"text\" field (and a \"pair\" for sentence-pair models)");
        var prediction = await classifier.PredictAsync(request.Text, request.Pair, cancellation);
        return TypedResults.Ok(ClassifyResponse.From(prediction));
    }

    private static async Task<Results<Ok<ClassifyResponse[]>, ProblemHttpResult>> ClassifyBatch(ClassifyBatchRequest request, BatchingTextClassifier classifier, CancellationToken cancellation)
    {
        if (request.Texts is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "the body needs a \"texts\" array");
        var predictions = await classifier.PredictAsync(request.Texts, cancellation: cancellation);
        return TypedResults.Ok(predictions.Select(ClassifyResponse.From).ToArray());
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
