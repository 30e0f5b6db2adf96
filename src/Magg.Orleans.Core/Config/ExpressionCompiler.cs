using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Config;

/// <summary>Parses a config expression once, turning parse and shape errors into errors that name the key.</summary>
internal static class ExpressionCompiler
{
    public static ExpressionNode Parse(YamlSection section, string key, string text, IReadOnlyCollection<string> columns, ExpressionShape required)
    {
        ExpressionNode node;
        try
        {
            node = ExpressionParser.Parse(text, columns);
        }
        catch (ExpressionParseException e)
        {
            throw section.Error(key, e.Message);
        }

        var shape = ExpressionAnalysis.ShapeOf(node);
        if (shape != required)
        {
            throw section.Error(key, required == ExpressionShape.Scalar
                ? $"'{text}' must reduce to one value per cell, e.g. wrap it in np.sum(...) or np.mean(...)"
                : $"'{text}' must give one weight per observation (use a column or an element-wise expression of columns)");
        }

        return node;
    }
}
