using BertGen.ClassificationService;

// `dotnet run -- bench --model <folder>` measures the service under load; anything else serves.
if (args is ["bench", .. var benchArguments])
    return await LoadBenchmark.Run(benchArguments);

var app = ClassificationServiceApp.Build(args);
await app.RunAsync();
return 0;
