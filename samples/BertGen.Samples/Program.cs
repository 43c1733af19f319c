using BertGen.Modeling;
using BertGen.Runtime;
using BertGen.Samples.Models;
using TorchSharp;

// Until the sentiment job lands, the sample builds the tiny declared model, classifies a padded batch
// and shows the typed output.
var device = ComputeDevices.Select();
Console.WriteLine($"BertGen sample: running on {ComputeDevices.Describe(device)}");

torch.manual_seed(42);
using var model = new BertTinySentiment();
model.to(device).eval();
Console.WriteLine($"{nameof(BertTinySentiment)}: {model.parameters().Sum(p => p.numel()):N0} parameters, labels {string.Join("/", model.Config.LabelNames!)}");

// "[CLS] i liked this movie [SEP]" and a shorter padded sequence (bert-base-uncased ids).
using var ids = torch.tensor(new long[] { 101, 1045, 4669, 2023, 3185, 102, 101, 2307, 102, 0, 0, 0 }, device: device).reshape(2, 6);
using var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, device: device).reshape(2, 6);
using var labels = torch.tensor(new long[] { 1, 0 }, device: device);
using (torch.no_grad())
{
    var output = model.Forward(new BertInputs(ids, mask), labels);
    using var probabilities = output.Logits.softmax(-1);
    Console.WriteLine($"Untrained probabilities: {probabilities.ToString(TensorStringStyle.Numpy)}");
    Console.WriteLine($"Loss against the labels: {output.Loss!.item<float>():F4}");
}
