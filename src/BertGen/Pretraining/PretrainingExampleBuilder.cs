using BertGen.Tokenization;

namespace BertGen.Pretraining;

/// <summary>
/// Turns documents into pretraining sequences, as BERT's data preparation does: sentences are gathered
/// into a chunk until it reaches the target length, the chunk is cut at a random sentence into A and B, and
/// half the time B is replaced by a segment from a random other document (NotNext; the unused sentences go
/// back to be used next). A chunk of one sentence is cut inside the sentence when IsNext is drawn, so the
/// two labels stay balanced. Sequences are packed up to the maximum length; when A + B is too long, tokens are
/// removed from the longer side, at its front or back at random. One sequence in ten targets a random
/// shorter length, so the model also sees short inputs.
/// </summary>
public sealed class PretrainingExampleBuilder(BertTokenizer tokenizer, int maxLength, bool nextSentencePrediction, double shortSequenceProbability = 0.1)
{
    public List<PretrainingExample> Build(IReadOnlyList<CorpusDocument> documents, Random random)
    {
        var tokenized = documents.Select(d => d.Sentences.Select(s => tokenizer.Tokenize(s).ToArray()).Where(s => s.Length > 0).ToList())
            .Where(d => d.Count > 0).ToList();
        var examples = new List<PretrainingExample>();
        for (int d = 0; d < tokenized.Count; d++)
            FromDocument(tokenized, d, random, examples);
        return examples;
    }

    private void FromDocument(List<List<int[]>> documents, int index, Random random, List<PretrainingExample> output)
    {
        var document = documents[index];
        int budget = maxLength - (nextSentencePrediction ? 3 : 2);
        int target = random.NextDouble() < shortSequenceProbability ? random.Next(2, budget + 1) : budget;
        var chunk = new List<int[]>();
        int chunkLength = 0;
        for (int i = 0; i < document.Count; i++)
        {
            chunk.Add(document[i]);
            chunkLength += document[i].Length;
            if (i < document.Count - 1 && chunkLength < target)
                continue;

            if (!nextSentencePrediction)
            {
                output.Add(Assemble([.. chunk.SelectMany(s => s)], null, PretrainingExample.IsNext, budget, random));
            }
            else
            {
                int aEnd = chunk.Count >= 2 ? random.Next(1, chunk.Count) : 1;
                var a = chunk.Take(aEnd).SelectMany(s => s).ToList();
                bool randomNext = documents.Count > 1 && random.NextDouble() < 0.5;
                List<int> b;
                if (!randomNext && chunk.Count == 1)
                {
                    // One sentence left and IsNext drawn: its second part follows its first (BERT would make
                    // this pair NotNext, tilting the balance towards it).
                    int cut = a.Count >= 2 ? random.Next(1, a.Count) : a.Count;
                    b = a[cut..];
                    a = a[..cut];
                }
                else if (randomNext)
                {
                    b = RandomSegment(documents, index, target - a.Count, random);
                    // The sentences of this chunk that B did not use are read again for the next chunk.
                    i -= chunk.Count - aEnd;
                }
                else
                {
                    b = chunk.Skip(aEnd).SelectMany(s => s).ToList();
                }
                if (a.Count > 0 && b.Count > 0)
                    output.Add(Assemble(a, b, randomNext ? PretrainingExample.NotNext : PretrainingExample.IsNext, budget, random));
            }
            chunk.Clear();
            chunkLength = 0;
            target = random.NextDouble() < shortSequenceProbability ? random.Next(2, budget + 1) : budget;
        }
    }

    private static List<int> RandomSegment(List<List<int[]>> documents, int exclude, int length, Random random)
    {
        int other;
        do
        {
            other = random.Next(documents.Count);
        }
        while (other == exclude);
        var document = documents[other];
        var segment = new List<int>();
        for (int s = random.Next(document.Count); s < document.Count && segment.Count < Math.Max(1, length); s++)
            segment.AddRange(document[s]);
        return segment;
    }

    private PretrainingExample Assemble(List<int> a, List<int>? b, int nextSentenceLabel, int budget, Random random)
    {
        while (a.Count + (b?.Count ?? 0) > budget)
        {
            var longer = b is not null && b.Count > a.Count ? b : a;
            longer.RemoveAt(random.NextDouble() < 0.5 ? 0 : longer.Count - 1);
        }
        var ids = new List<int>(a.Count + (b?.Count ?? 0) + 3) { tokenizer.ClassificationTokenId };
        ids.AddRange(a);
        ids.Add(tokenizer.SeparatorTokenId);
        int firstSegment = ids.Count;
        if (b is not null)
        {
            ids.AddRange(b);
            ids.Add(tokenizer.SeparatorTokenId);
        }
        var types = new int[ids.Count];
        Array.Fill(types, 1, firstSegment, ids.Count - firstSegment);
        var special = ids.Select((id, p) => p == 0 || (id == tokenizer.SeparatorTokenId && (p == firstSegment - 1 || p == ids.Count - 1))).ToArray();
        var wordStarts = ids.Select(id => !tokenizer.Token(id).StartsWith("##", StringComparison.Ordinal)).ToArray();
        return new PretrainingExample([.. ids], types, wordStarts, special, nextSentenceLabel);
    }
}
