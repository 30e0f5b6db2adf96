using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Tests.Expressions;

public sealed class ExpressionParserTests
{
    private static readonly string[] Columns = ["h_li", "s_li"];

    private static ExpressionNode Parse(string text) => ExpressionParser.Parse(text, Columns);

    [Theory]
    [InlineData("1.0 / np.sqrt(np.sum(1.0 / s_li**2))", "(1 / np.sqrt(np.sum((1 / (s_li ** 2)))))")]
    [InlineData("-2**2", "(-(2 ** 2))")]
    [InlineData("2**-1", "(2 ** (-1))")]
    [InlineData("2**3**2", "(2 ** (3 ** 2))")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("np.quantile(h_li, 0.25)", "np.quantile(h_li, 0.25)")]
    [InlineData("float(len(h_li)) + int(np.max(h_li))", "(float(len(h_li)) + int(np.max(h_li)))")]
    [InlineData("sum(abs(h_li))", "np.sum(np.abs(h_li))")]
    [InlineData(".5e1 + 1E-3 + 2.", "((5 + 0.001) + 2)")]
    [InlineData("+h_li", "(+h_li)")]
    public void Parse_ValidExpression_FollowsPythonPrecedence(string text, string canonical)
    {
        var node = Parse(text);
        Assert.Equal(canonical, ExpressionPrinter.Print(node));
        Assert.Equal(node, Parse(ExpressionPrinter.Print(node)), new StructuralEquality());
    }

    [Theory]
    [InlineData("", "empty", 0)]
    [InlineData("1 +", "ends early", 3)]
    [InlineData("h_li ^ 2", "unexpected character '^'", 5)]
    [InlineData("foo", "unknown column 'foo'", 0)]
    [InlineData("np.sum(h_li", "expected ',' or ')'", 11)]
    [InlineData("np.eval(h_li)", "unknown function 'np.eval'", 3)]
    [InlineData("os.system(1)", "attribute access", 2)]
    [InlineData("h_li.real", "attribute access", 4)]
    [InlineData("np", "must be followed by '.'", 0)]
    [InlineData("len", "must be called with parentheses", 0)]
    [InlineData("np.sum(h_li, 1)", "takes 1 argument, got 2", 0)]
    [InlineData("np.quantile(h_li)", "takes 2 arguments, got 1", 0)]
    [InlineData("np.quantile(h_li, s_li)", "constant q between 0 and 1", 18)]
    [InlineData("np.quantile(h_li, 1.5)", "constant q between 0 and 1", 18)]
    [InlineData("len(1)", "needs a column", 4)]
    [InlineData("float(h_li)", "one value per cell", 6)]
    [InlineData("1e999", "out of range", 0)]
    [InlineData("1e", "malformed number exponent", 1)]
    [InlineData("2x", "malformed number", 0)]
    [InlineData("(1))", "unexpected ')'", 3)]
    [InlineData("h_li h_li", "unexpected 'h_li'", 5)]
    [InlineData("\"h_li\"", "unexpected character '\"'", 0)]
    public void Parse_InvalidExpression_GivesTheProblemAndItsPosition(string text, string problem, int position)
    {
        var error = Assert.Throws<ExpressionParseException>(() => Parse(text));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void Parse_DeepNesting_IsRefusedNotAStackOverflow()
    {
        var deep = new string('(', 100_000) + "1" + new string(')', 100_000);
        Assert.Throws<ExpressionParseException>(() => Parse(deep));
        var unary = new string('-', ExpressionParser.MaxLength - 1) + "1";
        Assert.Throws<ExpressionParseException>(() => Parse(unary));
        var power = string.Join("**", Enumerable.Repeat("2", 1000));
        Assert.Throws<ExpressionParseException>(() => Parse(power));
    }

    [Fact]
    public void ShapeOf_ReductionsGiveOneValuePerCell()
    {
        Assert.Equal(ExpressionShape.Series, ExpressionAnalysis.ShapeOf(Parse("1.0 / s_li**2")));
        Assert.Equal(ExpressionShape.Scalar, ExpressionAnalysis.ShapeOf(Parse("1.0 / np.sqrt(np.sum(1.0 / s_li**2))")));
        Assert.Equal(ExpressionShape.Series, ExpressionAnalysis.ShapeOf(Parse("h_li - np.mean(h_li)")));
        Assert.Equal(["h_li", "s_li"], ExpressionAnalysis.Columns(Parse("np.sum(h_li * s_li) / np.sum(h_li)")));
    }

    [Property(MaxTest = 2000)]
    public void Parse_ArbitraryText_OnlyEverGivesATypedParseError(string text) => ParseOrTypedError(text ?? "");

    [Property(MaxTest = 3000)]
    public Property Parse_TokenSoup_OnlyEverGivesATypedParseError()
    {
        string[] pieces = ["h_li", "s_li", "np", ".", "sum", "quantile", "(", ")", ",", "+", "-", "*", "/", "**", "1", "0.5", "2e3", " ", "len", "float", "x", "np.sqrt"];
        var soup = Gen.ListOf(Gen.Elements(pieces)).Select(parts => string.Concat(parts));
        return Prop.ForAll(soup.ToArbitrary(), ParseOrTypedError);
    }

    [Property(MaxTest = 1000)]
    public Property Print_ThenParse_GivesTheSameTree()
    {
        return Prop.ForAll(ValidExpressions(4).ToArbitrary(), text =>
        {
            var node = Parse(text);
            var again = Parse(ExpressionPrinter.Print(node));
            Assert.Equal(ExpressionPrinter.Print(node), ExpressionPrinter.Print(again));
        });
    }

    private static void ParseOrTypedError(string text)
    {
        try
        {
            Parse(text);
        }
        catch (ExpressionParseException e)
        {
            Assert.InRange(e.Position, 0, Math.Max(text.Length, 0));
        }
    }

    private static Gen<string> ValidExpressions(int depth)
    {
        var leaf = Gen.OneOf(Gen.Elements("h_li", "s_li"), Gen.Choose(0, 1000).Select(i => (i / 8.0).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (depth == 0)
        {
            return leaf;
        }

        var smaller = ValidExpressions(depth - 1);
        return Gen.OneOf(
            leaf,
            from a in smaller from op in Gen.Elements("+", "-", "*", "/", "**") from b in smaller select $"{a} {op} {b}",
            smaller.Select(a => $"-({a})"),
            smaller.Select(a => $"np.sqrt({a})"),
            smaller.Select(a => $"np.sum({a})"));
    }

    private sealed class StructuralEquality : IEqualityComparer<ExpressionNode>
    {
        public bool Equals(ExpressionNode? x, ExpressionNode? y) =>
            x is not null && y is not null && ExpressionPrinter.Print(x) == ExpressionPrinter.Print(y);

        public int GetHashCode(ExpressionNode obj) => ExpressionPrinter.Print(obj).GetHashCode(StringComparison.Ordinal);
    }
}
