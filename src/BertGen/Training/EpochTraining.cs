namespace BertGen.Training;

/// <summary>The training side of one epoch's figures, which every task's metrics carry.</summary>
public sealed record EpochTraining
{
    public int Epoch { get; init; }

    /// <summary>The mean loss over the epoch's training examples.</summary>
    public double TrainLoss { get; init; }

    /// <summary>The learning rate of the epoch's last optimiser step.</summary>
    public double LearningRate { get; init; }

    public double Seconds { get; init; }

    /// <summary>Positions the model computed over in training (padding included).</summary>
    public long PaddedTokens { get; init; }

    /// <summary>Positions holding text in training (padding excluded).</summary>
    public long RealTokens { get; init; }

    public double ResidentMegabytes { get; init; }

    public double PeakResidentMegabytes { get; init; }
}
