namespace Magg.Orleans.Core.Expressions;

/// <summary>
/// Parses the config expression language (numbers, columns, <c>+ - * / **</c>, unary signs, parentheses and the
/// numpy-style functions of <see cref="ExpressionFunction"/>) with Python's precedence. Nothing is ever executed:
/// the result is a tree that the aggregation kernel evaluates.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Longest accepted expression text.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Deepest accepted nesting: the height of the tree, where every operator, call and operand counts one level (so
    /// <c>a + a + a</c> is 3 levels deep), and parentheses count one level each while they are parsed.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes (numbers, columns, operators and calls) in one expression; atl06's longest has 7.</summary>
    public const int MaxNodes = 256;

    private static readonly Dictionary<string, ExpressionFunction> NumpyFunctions = new(StringComparer.Ordinal)
    {
        ["sum"] = ExpressionFunction.Sum,
        ["mean"] = ExpressionFunction.Mean,
        ["min"] = ExpressionFunction.Min,
        ["max"] = ExpressionFunction.Max,
        ["median"] = ExpressionFunction.Median,
        ["std"] = ExpressionFunction.Std,
        ["var"] = ExpressionFunction.Var,
        ["quantile"] = ExpressionFunction.Quantile,
        ["sqrt"] = ExpressionFunction.Sqrt,
        ["abs"] = ExpressionFunction.Abs,
        ["log"] = ExpressionFunction.Log,
        ["exp"] = ExpressionFunction.Exp,
    };

    private static readonly Dictionary<string, ExpressionFunction> BareFunctions = new(StringComparer.Ordinal)
    {
        ["len"] = ExpressionFunction.Len,
        ["float"] = ExpressionFunction.ToFloat,
        ["int"] = ExpressionFunction.ToInt,
        ["abs"] = ExpressionFunction.Abs,
        ["sum"] = ExpressionFunction.Sum,
    };

    /// <summary>Parses <paramref name="text"/>; every name must be a function or one of <paramref name="columns"/>.</summary>
    /// <exception cref="ExpressionParseException">The text is not a valid expression; the message says what and where.</exception>
    public static ExpressionNode Parse(string text, IReadOnlyCollection<string> columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(columns);
        if (text.Length > MaxLength)
        {
            throw new ExpressionParseException($"expression is longer than {MaxLength} characters", MaxLength);
        }

        var parser = new Parser(ExpressionTokenizer.Tokenize(text), columns);
        return parser.ParseAll();
    }

    private sealed class Parser(List<ExpressionToken> tokens, IReadOnlyCollection<string> columns)
    {
        private readonly Dictionary<ExpressionNode, int> _heights = new(ReferenceEqualityComparer.Instance);
        private int _index;
        private int _depth;

        private ExpressionToken Current => tokens[_index];

        public ExpressionNode ParseAll()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new ExpressionParseException("expression is empty", 0);
            }

            var node = ParseSum();
            if (Current.Kind != TokenKind.End)
            {
                throw Unexpected("an operator or the end of the expression");
            }

            return node;
        }

        private ExpressionNode ParseSum()
        {
            var left = ParseProduct();
            while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                var op = Advance();
                var right = ParseProduct();
                left = Track(new BinaryNode(op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, left, right, op.Position), left, right);
            }

            return left;
        }

        private ExpressionNode ParseProduct()
        {
            var left = ParseUnary();
            while (Current.Kind is TokenKind.Star or TokenKind.Slash)
            {
                var op = Advance();
                var right = ParseUnary();
                left = Track(new BinaryNode(op.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide, left, right, op.Position), left, right);
            }

            return left;
        }

        private ExpressionNode ParseUnary()
        {
            if (Current.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                var op = Advance();
                Enter(op.Position);
                var operand = ParseUnary();
                _depth--;
                return Track(new UnaryNode(op.Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus, operand, op.Position), operand);
            }

            return ParsePower();
        }

        private ExpressionNode ParsePower()
        {
            var bottom = ParsePrimary();
            if (Current.Kind != TokenKind.Power)
            {
                return bottom;
            }

            var op = Advance();
            Enter(op.Position);
            var exponent = ParseUnary();
            _depth--;
            return Track(new BinaryNode(BinaryOperator.Power, bottom, exponent, op.Position), bottom, exponent);
        }

        private ExpressionNode ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    Advance();
                    return Track(new NumberNode(token.Number, token.Position));
                case TokenKind.OpenParen:
                    Advance();
                    Enter(token.Position);
                    var inner = ParseSum();
                    _depth--;
                    Expect(TokenKind.CloseParen, "')'");
                    return inner;
                case TokenKind.Name:
                    return ParseName();
                default:
                    throw Unexpected("a number, a column, a function or '('");
            }
        }

        private ExpressionNode ParseName()
        {
            var name = Advance();
            if (name.Text is "np" or "numpy")
            {
                if (Current.Kind != TokenKind.Dot)
                {
                    throw new ExpressionParseException($"'{name.Text}' must be followed by '.' and a function name", name.Position);
                }

                Advance();
                var member = Current;
                if (member.Kind != TokenKind.Name)
                {
                    throw Unexpected("a numpy function name");
                }

                Advance();
                if (!NumpyFunctions.TryGetValue(member.Text, out var numpyFunction))
                {
                    throw new ExpressionParseException(
                        $"unknown function '{name.Text}.{member.Text}'; allowed: {string.Join(", ", NumpyFunctions.Keys.Select(k => "np." + k))}, {string.Join(", ", BareFunctions.Keys)}",
                        member.Position);
                }

                return ParseCall(numpyFunction, $"np.{member.Text}", name.Position);
            }

            if (Current.Kind == TokenKind.OpenParen)
            {
                if (!BareFunctions.TryGetValue(name.Text, out var function))
                {
                    throw new ExpressionParseException(
                        $"unknown function '{name.Text}'; allowed: {string.Join(", ", BareFunctions.Keys)} and np.{string.Join(", np.", NumpyFunctions.Keys)}",
                        name.Position);
                }

                return ParseCall(function, name.Text, name.Position);
            }

            if (Current.Kind == TokenKind.Dot)
            {
                throw new ExpressionParseException($"attribute access '{name.Text}.' is not allowed (only np.<function>)", Current.Position);
            }

            if (BareFunctions.ContainsKey(name.Text))
            {
                throw new ExpressionParseException($"function '{name.Text}' must be called with parentheses", name.Position);
            }

            if (!columns.Contains(name.Text))
            {
                throw new ExpressionParseException(
                    $"unknown column '{name.Text}'; columns are: {string.Join(", ", columns.Order(StringComparer.Ordinal))}",
                    name.Position);
            }

            return Track(new ColumnNode(name.Text, name.Position));
        }

        private CallNode ParseCall(ExpressionFunction function, string displayName, int position)
        {
            Expect(TokenKind.OpenParen, $"'(' after {displayName}");
            Enter(position);
            var arguments = new List<ExpressionNode>();
            if (Current.Kind != TokenKind.CloseParen)
            {
                arguments.Add(ParseSum());
                while (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    arguments.Add(ParseSum());
                }
            }

            _depth--;
            Expect(TokenKind.CloseParen, "',' or ')'");
            var call = Track(new CallNode(function, arguments, position), [.. arguments]);
            ExpressionAnalysis.CheckCall(call, displayName);
            return call;
        }

        /// <summary>Counts <paramref name="node"/> and refuses it when the expression gets too many nodes or too deep.</summary>
        private T Track<T>(T node, params ReadOnlySpan<ExpressionNode> children) where T : ExpressionNode
        {
            if (_heights.Count >= MaxNodes)
            {
                throw new ExpressionParseException($"expression has more than {MaxNodes} numbers, columns, operators and calls", node.Position);
            }

            var height = 1;
            foreach (var child in children)
            {
                height = Math.Max(height, _heights[child] + 1);
            }

            if (height > MaxDepth)
            {
                throw new ExpressionParseException($"expression nests deeper than {MaxDepth} levels", node.Position);
            }

            _heights[node] = height;
            return node;
        }

        private void Enter(int position)
        {
            if (++_depth > MaxDepth)
            {
                throw new ExpressionParseException($"expression nests deeper than {MaxDepth} levels", position);
            }
        }

        private ExpressionToken Advance() => tokens[_index++];

        private void Expect(TokenKind kind, string what)
        {
            if (Current.Kind != kind)
            {
                throw Unexpected(what);
            }

            Advance();
        }

        private ExpressionParseException Unexpected(string expected) => Current.Kind == TokenKind.End
            ? new ExpressionParseException($"expression ends early, expected {expected}", Current.Position)
            : new ExpressionParseException($"unexpected '{Current.Text}', expected {expected}", Current.Position);
    }
}
