using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Config;

/// <summary>
/// A hash of what a config means for the numbers in a chunk: what is read and how it is aggregated. Comments,
/// formatting, key spelling of expressions (<c>1.0/s_li**2</c> vs <c>1.0 / s_li ** 2</c>), the reader name, the
/// driver, the catalog, the bounds and the store do not change it.
/// </summary>
public static class ConfigFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the config's canonical description.</summary>
    public static string Compute(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe(config))));
    }

    /// <summary>The canonical description that is hashed (one fact per line).</summary>
    public static string Describe(PipelineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        var source = config.DataSource;
        Line(text, $"groups={string.Join(',', source.Groups)}");
        Line(text, $"latitude={source.Latitude}");
        Line(text, $"longitude={source.Longitude}");
        foreach (var (name, path) in source.Variables)
        {
            Line(text, $"column {name}={path}");
        }

        if (source.QualityFilter is { } filter)
        {
            Line(text, $"quality {filter.Dataset}=={Number(filter.Value)}");
        }

        var aggregation = config.Aggregation;
        Line(text, $"cell_ids {aggregation.CellIds.DataType.Name()} fill {Number(aggregation.CellIds.FillValue)}");
        Line(text, $"morton {aggregation.Morton.DataType.Name()} fill {Number(aggregation.Morton.FillValue)}");
        foreach (var v in aggregation.Variables)
        {
            var definition = v.Expression is not null
                ? $"expression {ExpressionPrinter.Print(v.Expression)}"
                : $"function {v.Function} source {v.Source}"
                    + (v.Weights is null ? "" : $" weights {ExpressionPrinter.Print(v.Weights)}")
                    + (v.Quantile is { } q ? $" q {Number(q)}" : "");
            Line(text, $"variable {v.Name}: {definition} {v.DataType.Name()} fill {Number(v.FillValue)}");
        }

        Line(text, $"child_order={config.ChildOrder}");
        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
