using System.Globalization;

namespace Magg.Orleans.Core.Expressions;

/// <summary>Splits expression text into tokens; anything outside the language is an error with its position.</summary>
internal static class ExpressionTokenizer
{
    public static List<ExpressionToken> Tokenize(string text)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new ExpressionToken(TokenKind.Name, text[start..i], start));
                continue;
            }

            TokenKind kind;
            switch (c)
            {
                case '+': kind = TokenKind.Plus; break;
                case '-': kind = TokenKind.Minus; break;
                case '/': kind = TokenKind.Slash; break;
                case '(': kind = TokenKind.OpenParen; break;
                case ')': kind = TokenKind.CloseParen; break;
                case ',': kind = TokenKind.Comma; break;
                case '.': kind = TokenKind.Dot; break;
                case '*' when i + 1 < text.Length && text[i + 1] == '*':
                    tokens.Add(new ExpressionToken(TokenKind.Power, "**", start));
                    i += 2;
                    continue;
                case '*': kind = TokenKind.Star; break;
                default:
                    throw new ExpressionParseException($"unexpected character '{Printable(c)}'", start);
            }

            tokens.Add(new ExpressionToken(kind, c.ToString(), start));
            i++;
        }

        tokens.Add(new ExpressionToken(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static ExpressionToken ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent >= text.Length || !char.IsAsciiDigit(text[exponent]))
            {
                throw new ExpressionParseException("malformed number exponent", i);
            }

            i = exponent;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
        {
            throw new ExpressionParseException($"malformed number '{text[start..(i + 1)]}'", start);
        }

        var literal = text[start..i];
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new ExpressionParseException($"number '{literal}' is out of range", start);
        }

        return new ExpressionToken(TokenKind.Number, literal, start, value);
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
