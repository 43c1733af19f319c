using BertGen.Pretraining;

namespace BertGen.Tests.Pretraining;

public class SentenceSplitterTests
{
    [Theory]
    [InlineData("I loved it. The cast was great! Was it long? Yes.", new[] { "I loved it.", "The cast was great!", "Was it long?", "Yes." })]
    [InlineData("Mr. Smith met Dr. Jones at 5 p.m. They talked.", new[] { "Mr. Smith met Dr. Jones at 5 p.m. They talked." })]
    [InlineData("It cost 3.50 dollars. Worth it.", new[] { "It cost 3.50 dollars.", "Worth it." })]
    [InlineData("J. R. R. Tolkien wrote it. \"Great,\" she said. (Really.) Fine", new[] { "J. R. R. Tolkien wrote it.", "\"Great,\" she said.", "(Really.)", "Fine" })]
    [InlineData("Wait... what happened? \"Nothing!\" He left.", new[] { "Wait... what happened?", "\"Nothing!\"", "He left." })]
    [InlineData("no capitals here. so one sentence.", new[] { "no capitals here. so one sentence." })]
    [InlineData("   ", new string[0])]
    public void Prose_splits_at_sentence_ends_only(string text, string[] expected) =>
        Assert.Equal(expected, SentenceSplitter.Split(text));
}
