using System.Text;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Expressions;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Expressions;

/// <summary>Expressions built to exhaust the parser, the stack or memory are refused with their position.</summary>
public sealed class ExpressionLimitsTests
{
    private static readonly string[] Columns = ["a"];

    private static ExpressionParseException Refused(string text) => Assert.Throws<ExpressionParseException>(() => ExpressionParser.Parse(text, Columns));

    private static string Chain(int terms) => string.Join('+', Enumerable.Repeat("a", terms));

    [Fact]
    public void FiveThousandTerms_AreRefusedByLength()
    {
        var error = Refused(Chain(5_000));

        Assert.Equal("expression is longer than 4096 characters (at character 4097)", error.Message);
    }

    [Fact]
    public void LeftAssociativeChain_CountsEveryOperatorAsALevel()
    {
        // 2,000 terms fit the length cap; the 64th '+' (character 128) makes the tree 65 levels deep.
        var error = Refused(Chain(2_000));

        Assert.Equal("expression nests deeper than 64 levels (at character 128)", error.Message);
        Assert.Equal(127, error.Position);
        Assert.NotNull(ExpressionParser.Parse(Chain(64), Columns));
    }

    [Fact]
    public void TwoHundredParentheses_AreRefused()
    {
        var error = Refused(new string('(', 200) + "a" + new string(')', 200));

        Assert.Equal("expression nests deeper than 64 levels (at character 65)", error.Message);
    }

    [Fact]
    public void TooManyNodes_AreRefusedAtTheFirstOneOver256()
    {
        // A balanced sum of 512 leaves is only 10 levels deep but has 1,023 nodes. The parser builds nodes in post-order:
        // the first 128 leaves make 255 nodes, so the 130th leaf is node 257.
        var text = Balanced(9);
        var expected = Enumerable.Range(0, text.Length).Where(i => text[i] == 'a').ElementAt(129);

        var error = Refused(text);

        Assert.Equal($"expression has more than 256 numbers, columns, operators and calls (at character {expected + 1})", error.Message);
        Assert.Equal(expected, error.Position);
    }

    [Fact]
    public void BalancedExpressionWithin256Nodes_IsAccepted()
    {
        Assert.NotNull(ExpressionParser.Parse(Balanced(7), Columns));   // 255 nodes, 8 levels
    }

    [Fact]
    public void ConfigWithAHostileExpression_NamesTheKey()
    {
        var reference = File.ReadAllText(TestData.ReferenceConfig);
        var yaml = reference.Replace("\"1.0 / np.sqrt(np.sum(1.0 / s_li**2))\"", $"\"np.sum({string.Join('+', Enumerable.Repeat("s_li", 100))})\"", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(yaml, "evil.yaml"));

        Assert.Equal("evil.yaml:44:19: aggregation.variables.h_sigma.expression: expression nests deeper than 64 levels (at character 327)", error.Message);
    }

    private static string Balanced(int depth)
    {
        var text = new StringBuilder();
        Append(depth);
        return text.ToString();

        void Append(int level)
        {
            if (level == 0)
            {
                text.Append('a');
                return;
            }

            text.Append('(');
            Append(level - 1);
            text.Append('+');
            Append(level - 1);
            text.Append(')');
        }
    }
}
