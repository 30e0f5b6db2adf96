namespace Magg.Orleans.Core.Expressions;

/// <summary>An expression that is not part of the language; <see cref="Position"/> is the 0-based offset of the problem.</summary>
public sealed class ExpressionParseException : Exception
{
    /// <summary>Creates the error for the problem at <paramref name="position"/>.</summary>
    public ExpressionParseException(string problem, int position)
        : base($"{problem} (at character {position + 1})")
    {
        Problem = problem;
        Position = position;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>The 0-based character offset of the problem in the expression text.</summary>
    public int Position { get; }
}
