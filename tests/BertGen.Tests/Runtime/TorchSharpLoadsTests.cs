using BertGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BertGen.Tests.Runtime;

/// <summary>Proves the native stack (libtorch + LibTorchSharp) loads and computes on this machine.</summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void Matrix_product_matches_the_hand_computed_result()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);
        var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }).reshape(3, 2);

        var product = a.matmul(b);

        // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12] = [58 64; 139 154]
        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Autograd_computes_the_gradient_of_a_linear_layer()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(3, 1);
        using (no_grad())
        {
            layer.weight!.copy_(tensor(new float[] { 1, -2, 0.5f }).reshape(1, 3));
            layer.bias!.fill_(0.25f);
        }
        var x = tensor(new float[] { 2, 1, 4 }).reshape(1, 3);

        var y = layer.forward(x).sum();
        y.backward();

        Assert.Equal(2 - 2 + 2 + 0.25f, y.item<float>(), 5);
        Assert.Equal(new float[] { 2, 1, 4 }, layer.weight!.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Device_selection_falls_back_to_the_cpu_without_cuda()
    {
        var device = ComputeDevices.Select();

        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
        Assert.Equal(DeviceType.CPU, ComputeDevices.Select("cpu").type);
        Assert.False(string.IsNullOrWhiteSpace(ComputeDevices.Describe(device)));
        if (!cuda.is_available())
            Assert.Throws<ArgumentException>(() => ComputeDevices.Select("cuda"));
    }
}
