using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BertGen.Training;

/// <summary>
/// TorchSharp's AdamW with the same update, state and checkpoint format, but a step that frees each
/// parameter's temporaries before moving to the next.
/// <para>
/// TorchSharp's own step runs every parameter inside one dispose scope, so the two temporaries of each
/// update (√v and √v / √(1 − β₂ᵗ) + ε) of all parameters stay alive until the step ends: 8 bytes per
/// parameter, 0.9 GB for BERT Base, on top of the weights, gradients and moments. Here the square root is the
/// only temporary and it is freed per parameter, so the step adds at most the largest parameter's size.
/// </para>
/// </summary>
public sealed class LowMemoryAdamW(IEnumerable<AdamW.ParamGroup> groups, double learningRate, double weightDecay)
    : AdamW(groups, learningRate, 0.9, 0.999, 1e-8, weightDecay, amsgrad: false, maximize: false)
{
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using var enableGrad = enable_grad();
            loss = closure();
        }
        using var noGrad = no_grad();
        foreach (var group in _parameter_groups)
        {
            var options = (Options)group.Options;
            if (options.amsgrad == true || options.maximize == true)
                throw new NotSupportedException("LowMemoryAdamW implements AdamW without AMSGrad or maximize");
            double learning = options.LearningRate!.Value, beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
            double decay = options.weight_decay!.Value, eps = options.eps!.Value;
            foreach (var parameter in group.Parameters)
            {
                using var scope = NewDisposeScope();
                var gradient = parameter.grad;
                if (gradient is null)
                    continue;
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
                // The operations and their order are TorchSharp's AdamW.step, so both give identical weights.
                parameter.mul_(1 - learning * decay);
                state.exp_avg.mul_(beta1).add_(gradient, alpha: 1 - beta1);
                state.exp_avg_sq.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
                var denominator = state.exp_avg_sq.sqrt().div_(Math.Sqrt(correction2)).add_(eps);
                parameter.addcdiv_(state.exp_avg, denominator, value: -learning / correction1);
            }
        }
        return loss!;
    }
}
