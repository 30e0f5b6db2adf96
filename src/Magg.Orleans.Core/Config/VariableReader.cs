using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Expressions;
using YamlDotNet.RepresentationModel;

namespace Magg.Orleans.Core.Config;

/// <summary>Reads and validates one <c>aggregation.variables.&lt;name&gt;</c> entry.</summary>
internal static class VariableReader
{
    private static readonly string[] KnownKeys = ["function", "expression", "source", "params", "dtype", "fill_value"];

    private static readonly Dictionary<string, StatisticFunction> Functions = new(StringComparer.Ordinal)
    {
        ["len"] = StatisticFunction.Len,
        ["count"] = StatisticFunction.Count,
        ["min"] = StatisticFunction.Min,
        ["max"] = StatisticFunction.Max,
        ["median"] = StatisticFunction.Median,
        ["mean"] = StatisticFunction.Mean,
        ["sum"] = StatisticFunction.Sum,
        ["std"] = StatisticFunction.Std,
        ["var"] = StatisticFunction.Var,
        ["average"] = StatisticFunction.Average,
        ["quantile"] = StatisticFunction.Quantile,
    };

    public static VariableConfig Read(YamlSection variables, string name, IReadOnlyCollection<string> columns)
    {
        var section = variables.Section(name, "must be a mapping with a function or an expression");
        var unknown = section.Keys.FirstOrDefault(k => !KnownKeys.Contains(k));
        if (unknown is not null)
        {
            throw section.Error(unknown, $"unknown key; a variable has {string.Join(", ", KnownKeys)}");
        }

        var functionName = section.OptionalText("function");
        var expressionText = section.OptionalText("expression");
        if ((functionName is null) == (expressionText is null))
        {
            throw variables.Error(name, functionName is null
                ? "needs exactly one of function or expression, and has neither"
                : "needs exactly one of function or expression, and has both");
        }

        var source = section.OptionalText("source");
        if (source is not null && !columns.Contains(source))
        {
            throw section.Error("source", $"'{source}' is not a data_source variable (known: {string.Join(", ", columns)})");
        }

        var type = section.OptionalText("dtype") is { } typeName ? ParseDataType(section, "dtype", typeName) : DataType.Float32;
        var fill = FillValues.Check(section, type, section.OptionalNumber("fill_value") ?? (type.IsFloatingPoint() ? double.NaN : 0));

        if (expressionText is not null)
        {
            if (section.Has("params"))
            {
                throw section.Error("params", "only functions take params");
            }

            var expression = ExpressionCompiler.Parse(section, "expression", expressionText, columns, ExpressionShape.Scalar);
            return new VariableConfig(name, null, source, expression, expressionText, null, null, type, fill);
        }

        if (!Functions.TryGetValue(functionName!, out var function))
        {
            throw section.Error("function", $"unknown function '{functionName}' (known: {string.Join(", ", Functions.Keys)})");
        }

        var isCount = function is StatisticFunction.Len or StatisticFunction.Count;
        if (!isCount && source is null)
        {
            throw section.Error("source", $"is required: the column {functionName} is computed over");
        }

        var (weights, q) = ReadParams(section, function, columns);
        return new VariableConfig(name, function, source, null, null, weights, q, type, fill);
    }

    public static DataType ParseDataType(YamlSection section, string key, string text) =>
        DataTypes.TryParse(text, out var type)
            ? type
            : throw section.Error(key, $"'{text}' is not a data type (known: {string.Join(", ", DataTypes.Names)})");

    private static (ExpressionNode? Weights, double? Q) ReadParams(YamlSection section, StatisticFunction function, IReadOnlyCollection<string> columns)
    {
        var parameters = section.OptionalSection("params");
        string[] allowed = function switch
        {
            StatisticFunction.Average => ["weights"],
            StatisticFunction.Quantile => ["q"],
            _ => [],
        };

        var unknown = parameters?.Keys.FirstOrDefault(k => !allowed.Contains(k));
        if (unknown is not null)
        {
            throw parameters!.Error(unknown, allowed.Length == 0
                ? $"{function.ToString().ToLowerInvariant()} takes no params"
                : $"unknown param; {function.ToString().ToLowerInvariant()} takes {string.Join(", ", allowed)}");
        }

        if (function == StatisticFunction.Quantile)
        {
            var q = parameters?.Find("q") is YamlScalarNode scalar && YamlSection.TryParseNumber(scalar.Value, out var value) ? value : (double?)null;
            if (q is not (>= 0 and <= 1))
            {
                throw (parameters ?? section).Error(parameters is null ? "params" : "q", "quantile needs params.q, a number from 0 to 1");
            }

            return (null, q);
        }

        if (function == StatisticFunction.Average && parameters?.OptionalText("weights") is { } weights)
        {
            return (ExpressionCompiler.Parse(parameters, "weights", weights, columns, ExpressionShape.Series), null);
        }

        return (null, null);
    }
}
