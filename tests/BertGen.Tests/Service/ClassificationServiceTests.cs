using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BertGen.ClassificationService;
using BertGen.Prediction;
using BertGen.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace BertGen.Tests.Service;

/// <summary>
/// The ASP.NET Core sample, started in this process on a loopback port and sent real HTTP requests: many
/// clients at once get the single-text predictions, bad requests get 400 with a reason, and it keeps serving.
/// </summary>
[Collection(TorchRandomnessCollection.Name)]
public sealed class ClassificationServiceTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("bertgen-service-").FullName;
    private string model = "";

    public Task InitializeAsync()
    {
        model = ServedModels.ClassifierFolder(folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<(WebApplication App, HttpClient Http)> Start(params string[] settings)
    {
        var app = ClassificationServiceApp.Build(
            [.. settings.Select(s => "--BertGen:Classifier:" + s), "--BertGen:Classifier:Precision=Float32", "--Logging:LogLevel:Default=Warning", "--urls=http://127.0.0.1:0"]);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    [Fact]
    public async Task Two_hundred_requests_from_sixteen_clients_get_the_single_text_predictions()
    {
        var (app, http) = await Start($"ModelPath={model}");
        await using var _ = app;
        using var __ = http;
        var texts = ServedModels.Sentences.Take(200).ToList();

        var answers = new ClassifyResponse[texts.Count];
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async client =>
        {
            for (int i = client; i < texts.Count; i += 16)
            {
                using var response = await http.PostAsJsonAsync("/classify", new { text = texts[i] });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answers[i] = (await response.Content.ReadFromJsonAsync<ClassifyResponse>())!;
            }
        }));

        using var alone = TextClassifier.Load(model, new TextClassifierOptions { Device = CPU });
        for (int i = 0; i < texts.Count; i++)
        {
            var expected = alone.Predict(texts[i]);
            Assert.Equal(expected.Label, answers[i].Label);
            foreach (var (label, probability) in expected.Probabilities)
                Assert.True(Math.Abs(probability - answers[i].Probabilities[label]) <= 1e-5, $"text {i}: P({label}) {answers[i].Probabilities[label]} served, {probability} alone");
        }
        Assert.True(answers.Select(a => a.Label).Distinct().Count() > 1, "every text got the same label: the comparison would not tell texts apart");
        var (batches, served) = app.Services.GetRequiredService<BatchingTextClassifier>().Served;
        Assert.Equal(200, served);
        Assert.True(batches < served, $"{served} texts in {batches} batches: concurrent requests were not batched together");
    }

    [Fact]
    public async Task Bad_requests_get_400_with_a_reason_and_the_service_keeps_serving()
    {
        var (app, http) = await Start($"ModelPath={model}", "MaxTextLength=500");
        await using var _ = app;
        using var __ = http;

        // A 400's reason is the problem document's detail; a 200's body is the prediction.
        async Task<(HttpStatusCode Status, string Body)> Post(string path, string body)
        {
            using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest)
                return (response.StatusCode, text);
            using var problem = JsonDocument.Parse(text);
            return (response.StatusCode, problem.RootElement.GetProperty("detail").GetString()!);
        }

        var malformed = await Post("/classify", "{\"text\": \"unterminated");
        var wrongType = await Post("/classify", "{\"text\": 5}");
        var missing = await Post("/classify", "{\"pair\": \"x\"}");
        var tooLong = await Post("/classify", JsonSerializer.Serialize(new { text = new string('a', 501) }));
        var batchTooLong = await Post("/classify/batch", JsonSerializer.Serialize(new { texts = new[] { "fine", new string('b', 600) } }));
        var fine = await Post("/classify", JsonSerializer.Serialize(new { text = "Great food and friendly staff." }));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("JSON", malformed.Body);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains("JSON", wrongType.Body);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("\"text\" field", missing.Body);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("501 characters; at most 500", tooLong.Body);
        Assert.Equal(HttpStatusCode.BadRequest, batchTooLong.Status);
        Assert.Contains("texts[1]", batchTooLong.Body);
        Assert.Equal(HttpStatusCode.OK, fine.Status);
        Assert.Contains("\"probabilities\"", fine.Body);
    }

    [Fact]
    public async Task Health_reports_the_model_and_openapi_describes_the_endpoints()
    {
        var (app, http) = await Start($"ModelPath={model}");
        await using var _ = app;
        using var __ = http;

        var batch = await http.PostAsJsonAsync("/classify/batch", new { texts = ServedModels.Sentences.Take(3) });
        var health = await http.GetStringAsync("/health");
        var openApi = await http.GetStringAsync("/openapi/v1.json");

        Assert.Equal(3, (await batch.Content.ReadFromJsonAsync<ClassifyResponse[]>())!.Length);
        using var report = JsonDocument.Parse(health);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var check = report.RootElement.GetProperty("checks").GetProperty("bertgen-classifier");
        Assert.Equal("negative,neutral,positive", check.GetProperty("data").GetProperty("labels").GetString());
        Assert.Equal(3, check.GetProperty("data").GetProperty("texts").GetInt64());
        Assert.Contains("\"/classify\"", openApi);
        Assert.Contains("\"/classify/batch\"", openApi);
    }

    [Fact]
    public async Task A_bad_model_folder_stops_the_start_with_its_reason()
    {
        var missing = Path.Combine(folder, "no-such-model");
        var noPath = ClassificationServiceApp.Build(["--urls=http://127.0.0.1:0", "--BertGen:Classifier:ModelPath="]);
        var badPath = ClassificationServiceApp.Build(["--urls=http://127.0.0.1:0", $"--BertGen:Classifier:ModelPath={missing}"]);

        var validation = await Assert.ThrowsAsync<OptionsValidationException>(() => noPath.StartAsync());
        var load = await Assert.ThrowsAnyAsync<Exception>(() => badPath.StartAsync());

        Assert.Contains("ModelPath is required", validation.Message);
        Assert.Contains(missing, load.Message);
        await noPath.DisposeAsync();
        await badPath.DisposeAsync();
    }
}
