using TorchSharp;

namespace BertGen.Runtime;

/// <summary>Chooses where tensors live: the first CUDA GPU when TorchSharp sees one, otherwise the CPU.</summary>
public static class ComputeDevices
{
    /// <summary>
    /// The device to use. <paramref name="requested"/> may force one ("cpu", "cuda", "cuda:1");
    /// null or "auto" picks CUDA when available.
    /// </summary>
    public static torch.Device Select(string? requested = null)
    {
        if (string.IsNullOrWhiteSpace(requested) || requested.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;

        var device = new torch.Device(requested);
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new ArgumentException($"Device '{requested}' was requested, but CUDA is not available in this TorchSharp build (backend: {Describe(torch.CPU)}).", nameof(requested));
        return device;
    }

    /// <summary>A line for logs: the device and, on CPU, how many threads TorchSharp uses.</summary>
    public static string Describe(torch.Device device) => device.type switch
    {
        DeviceType.CUDA => $"CUDA device {device.index} ({torch.cuda.device_count()} visible)",
        _ => $"CPU ({torch.get_num_threads()} threads)",
    };
}
