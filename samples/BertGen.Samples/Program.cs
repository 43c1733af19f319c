using BertGen.Runtime;
using TorchSharp;

var device = ComputeDevices.Select();
Console.WriteLine($"BertGen sample: running on {ComputeDevices.Describe(device)}");
using var x = torch.randn(4, 8, device: device);
Console.WriteLine($"A random 4x8 tensor has mean {x.mean().item<float>():F4}");
