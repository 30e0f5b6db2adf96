using System.Globalization;
using System.Text;

namespace Magg.Orleans.Core.Expressions;

/// <summary>Prints a parsed expression in one canonical, fully parenthesised form that parses back to the same tree.</summary>
public static class ExpressionPrinter
{
    /// <summary>The canonical text of <paramref name="node"/>.</summary>
    public static string Print(ExpressionNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(ExpressionNode node, StringBuilder text)
    {
        switch (node)
        {
            case NumberNode number:
                text.Append(number.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case ColumnNode column:
                text.Append(column.Name);
                break;
            case UnaryNode unary:
                text.Append(unary.Operator == UnaryOperator.Negate ? "(-" : "(+");
                Write(unary.Operand, text);
                text.Append(')');
                break;
            case BinaryNode binary:
                text.Append('(');
                Write(binary.Left, text);
                text.Append(binary.Operator switch
                {
                    BinaryOperator.Add => " + ",
                    BinaryOperator.Subtract => " - ",
                    BinaryOperator.Multiply => " * ",
                    BinaryOperator.Divide => " / ",
                    _ => " ** ",
                });
                Write(binary.Right, text);
                text.Append(')');
                break;
            case CallNode call:
                text.Append(Name(call.Function)).Append('(');
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Write(call.Arguments[i], text);
                }

                text.Append(')');
                break;
        }
    }

    private static string Name(ExpressionFunction function) => function switch
    {
        ExpressionFunction.Len => "len",
        ExpressionFunction.ToFloat => "float",
        ExpressionFunction.ToInt => "int",
        _ => "np." + function.ToString().ToLowerInvariant(),
    };
}
