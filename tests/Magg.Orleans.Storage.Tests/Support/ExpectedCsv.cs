using System.Globalization;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>An <c>expected/cell_&lt;m&gt;.csv</c> and the comparison rules of tests/data/fixtures/README.md.</summary>
internal sealed class ExpectedCsv
{
    private static readonly string[] ExactColumns = ["morton", "cell_ids", "count", "h_min", "h_max"];
    private static readonly string[] QuantileColumns = ["h_q25", "h_q50", "h_q75"];

    private ExpectedCsv(string[] header, string[][] rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public string[][] Rows { get; }

    public static ExpectedCsv Load(string path)
    {
        var lines = File.ReadAllLines(path);
        return new ExpectedCsv(lines[0].Split(','), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray());
    }

    public string[] Column(string name)
    {
        var index = Array.IndexOf(Header, name);
        return index < 0 ? throw new KeyNotFoundException(name) : Rows.Select(r => r[index]).ToArray();
    }

    /// <summary>True when <paramref name="actual"/> (the text an independent reader printed) matches <paramref name="expected"/>.</summary>
    public static bool Matches(string column, string expected, string actual)
    {
        if (ExactColumns.Contains(column) && column is "morton" or "cell_ids" or "count")
        {
            return expected == actual;
        }

        var e = float.Parse(expected, CultureInfo.InvariantCulture);
        var a = (float)double.Parse(actual, CultureInfo.InvariantCulture);
        if (float.IsNaN(e) || float.IsNaN(a))
        {
            return float.IsNaN(e) && float.IsNaN(a);
        }

        if (ExactColumns.Contains(column))
        {
            return a == e;
        }

        if (QuantileColumns.Contains(column))
        {
            return Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(e)) <= 4;
        }

        var absolute = column == "h_variance" ? 1e-5 : 0.0;
        return Math.Abs((double)a - e) <= 1e-6 * Math.Abs((double)e) + absolute;
    }
}
