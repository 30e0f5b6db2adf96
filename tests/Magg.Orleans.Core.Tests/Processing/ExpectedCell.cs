using System.Globalization;
using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Core.Tests.Processing;

/// <summary>An <c>expected/cell_&lt;m&gt;.csv</c> of a fixture and the comparison rules of tests/data/fixtures/README.md.</summary>
internal sealed class ExpectedCell
{
    private static readonly string[] ExactFloatColumns = ["h_min", "h_max"];
    private static readonly string[] QuantileColumns = ["h_q25", "h_q50", "h_q75"];

    private ExpectedCell(string[] header, string[][] rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public string[][] Rows { get; }

    public static ExpectedCell Load(string path)
    {
        var lines = File.ReadAllLines(path);
        return new ExpectedCell(lines[0].Split(','), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray());
    }

    /// <summary>Every difference between <paramref name="table"/> and the expected rows, as readable lines.</summary>
    public IReadOnlyList<string> Differences(ChildTable table)
    {
        var differences = new List<string>();
        if (table.Length != Rows.Length)
        {
            return [$"expected {Rows.Length} children, got {table.Length}"];
        }

        for (var c = 0; c < Header.Length; c++)
        {
            var name = Header[c];
            var column = table[name];
            for (var row = 0; row < Rows.Length && differences.Count < 20; row++)
            {
                var text = Rows[row][c];
                if (!Matches(name, column, row, text))
                {
                    differences.Add($"{name}[{row}] (morton {Rows[row][0]}): expected {text}, got {Format(column, row)}");
                }
            }
        }

        return differences;
    }

    private static bool Matches(string name, ChildColumn column, int row, string text)
    {
        switch (column.Values)
        {
            case long[] longs: return longs[row] == long.Parse(text, CultureInfo.InvariantCulture);
            case ulong[] ulongs: return ulongs[row] == ulong.Parse(text, CultureInfo.InvariantCulture);
            case int[] ints: return ints[row] == int.Parse(text, CultureInfo.InvariantCulture);
            case float[] floats:
                var expected = float.Parse(text, CultureInfo.InvariantCulture);
                var actual = floats[row];
                if (float.IsNaN(expected) || float.IsNaN(actual))
                {
                    return float.IsNaN(expected) && float.IsNaN(actual);
                }

                if (ExactFloatColumns.Contains(name))
                {
                    return actual == expected;
                }

                if (QuantileColumns.Contains(name))
                {
                    return Math.Abs(BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits(expected)) <= 4;
                }

                var absoluteTolerance = name == "h_variance" ? 1e-5 : 0.0;
                return Math.Abs((double)actual - expected) <= 1e-6 * Math.Abs((double)expected) + absoluteTolerance;
            default:
                throw new InvalidOperationException($"Unexpected column type {column.Values.GetType()} for {name}.");
        }
    }

    private static string Format(ChildColumn column, int row) => column.Values switch
    {
        float[] floats => floats[row].ToString("R", CultureInfo.InvariantCulture),
        _ => column[row].ToString("R", CultureInfo.InvariantCulture),
    };
}
