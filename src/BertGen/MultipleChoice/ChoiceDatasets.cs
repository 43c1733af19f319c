using System.Globalization;
using BertGen.Data;

namespace BertGen.MultipleChoice;

/// <summary>Where the context, the choices and the answer are in a multiple-choice file.</summary>
public sealed record ChoiceDataOptions
{
    /// <summary>The field with the context (PIQA: <c>goal</c>).</summary>
    public string ContextColumn { get; init; } = "goal";

    /// <summary>The fields with the choices, in label order (PIQA: <c>sol1</c>, <c>sol2</c>).</summary>
    public IReadOnlyList<string> ChoiceColumns { get; init; } = ["sol1", "sol2"];

    /// <summary>The field with the 0-based index of the right choice; ignored when <see cref="LabelsFile"/> is given.</summary>
    public string LabelColumn { get; init; } = "label";

    /// <summary>
    /// A file with one 0-based answer index per line, for the data's lines in order (PIQA keeps its answers in
    /// <c>valid-labels.lst</c>, apart from <c>valid.jsonl</c>).
    /// </summary>
    public string? LabelsFile { get; init; }
}

/// <summary>Reads multiple-choice examples from JSON Lines (one object per line, plain or .gz), the form PIQA and SWAG-like sets come in.</summary>
public static class ChoiceDatasets
{
    /// <exception cref="DataException">A line without a field, with an empty text, or an answer that is not a choice's index; the file and line are named.</exception>
    /// <param name="path">A JSON Lines file, plain or .gz.</param>
    /// <param name="options">Where the context, choices and answers are.</param>
    /// <param name="answersRequired">False to read contexts and choices alone (for prediction; every label is then 0).</param>
    public static List<ChoiceExample> Read(string path, ChoiceDataOptions options, bool answersRequired = true)
    {
        if (!DataFiles.IsJsonLines(path))
            throw new DataException($"{path}: multiple-choice data is read from JSON Lines (.jsonl or .jsonl.gz), one object per line with the context, the choices and the answer");
        if (!File.Exists(path))
            throw new DataException($"{path}: no such data file");
        if (options.ChoiceColumns.Count < 2)
            throw new ArgumentException($"multiple choice needs at least two choice columns (got {options.ChoiceColumns.Count})");
        var answers = options.LabelsFile is { } labelsFile ? ReadAnswers(labelsFile) : null;
        bool answerField = answers is null && answersRequired;
        string[] names = answerField ? [options.ContextColumn, .. options.ChoiceColumns, options.LabelColumn] : [options.ContextColumn, .. options.ChoiceColumns];
        var examples = new List<ChoiceExample>();
        foreach (var (line, fields) in JsonLinesTextReader.Lines(path, new TextDataOptions(), names, []))
        {
            var choices = fields[1..(1 + options.ChoiceColumns.Count)];
            if (string.IsNullOrWhiteSpace(fields[0]) || choices.Any(string.IsNullOrWhiteSpace))
                throw new DataException($"{path}:{line}: the context or a choice is empty");
            string answer;
            if (answerField)
                answer = fields[^1];
            else if (answers is null)
                answer = "0";
            else if (examples.Count < answers.Count)
                answer = answers[examples.Count];
            else
                throw new DataException($"{options.LabelsFile}: has {answers.Count} answers, fewer than the lines of {path}");
            if (!int.TryParse(answer.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int label) || label >= choices.Length)
                throw new DataException($"{(answers is null ? $"{path}:{line}" : $"{options.LabelsFile}:{examples.Count + 1}")}: the answer \"{answer}\" is not a choice index 0..{choices.Length - 1}");
            examples.Add(new ChoiceExample(fields[0], choices, label, path, line));
        }
        if (answers is not null && answers.Count != examples.Count)
            throw new DataException($"{options.LabelsFile}: has {answers.Count} answers for the {examples.Count} examples of {path}");
        return examples;
    }

    private static List<string> ReadAnswers(string path)
    {
        if (!File.Exists(path))
            throw new DataException($"{path}: no such answers file");
        return File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
    }
}
