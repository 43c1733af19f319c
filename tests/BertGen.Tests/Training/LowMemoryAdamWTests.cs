using BertGen.Tests.Infrastructure;
using BertGen.Tests.Modeling;
using BertGen.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Tests.Training;

/// <summary>BertGen's AdamW step gives exactly TorchSharp's AdamW weights and state, without its temporaries.</summary>
[Collection(TorchRandomnessCollection.Name)]
public class LowMemoryAdamWTests
{
    [Fact]
    public void Three_steps_give_the_weights_TorchSharps_AdamW_gives()
    {
        using var scope = NewDisposeScope();
        var ours = Train(model => ParameterGroups.CreateOptimizer(model, 1e-3, 0.01));
        var torchSharp = Train(model =>
        {
            var groups = ParameterGroups.CreateOptimizer(model, 1e-3, 0.01).ParamGroups.Cast<AdamW.ParamGroup>()
                .Select(g => new AdamW.ParamGroup(g.Parameters, g.Options)).ToList();
            return optim.AdamW(groups, 1e-3, 0.9, 0.999, 1e-8, 0.01, false, false);
        });

        Assert.Equal(torchSharp.Keys, ours.Keys);
        foreach (var (name, expected) in torchSharp)
            Assert.True(expected.eq(ours[name]).all().item<bool>(), $"{name} differs from TorchSharp's AdamW by {(expected - ours[name]).abs().max().item<float>():E2}");
    }

    private static Dictionary<string, Tensor> Train(Func<TinyClassifier, AdamW> createOptimizer)
    {
        manual_seed(23);
        using var model = new TinyClassifier();
        using var optimizer = createOptimizer(model);
        Assert.NotEmpty(optimizer.ParamGroups.Cast<AdamW.ParamGroup>().First().Parameters);
        var inputs = TestInputs.Padded();
        var labels = tensor(new long[] { 1, 2 });
        model.train();
        for (int step = 0; step < 3; step++)
        {
            manual_seed(100 + step);
            model.Forward(inputs, labels).Loss!.backward();
            optimizer.step();
            optimizer.zero_grad();
        }
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
    }
}
