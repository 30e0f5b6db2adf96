namespace Magg.Orleans.Core.Expressions;

internal enum TokenKind
{
    Number,
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Power,
    OpenParen,
    CloseParen,
    Comma,
    Dot,
    End,
}

internal readonly record struct ExpressionToken(TokenKind Kind, string Text, int Position, double Number = 0);
