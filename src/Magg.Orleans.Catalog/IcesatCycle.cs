namespace Magg.Orleans.Catalog;

/// <summary>ICESat-2 repeat cycles as the old tool counts them: 91 days each, cycle 1 starting at launch, 2018-10-13.</summary>
public static class IcesatCycle
{
    /// <summary>Launch day: the first day of cycle 1.</summary>
    public static DateOnly Launch { get; } = new(2018, 10, 13);

    /// <summary>Days per cycle.</summary>
    public const int Days = 91;

    /// <summary>First and last day of <paramref name="cycle"/> (the old tool's rule: start + 91 days); cycle 22 is 2024-01-06 .. 2024-04-06.</summary>
    /// <exception cref="CatalogInputException">The cycle is below 1.</exception>
    public static (DateOnly Start, DateOnly End) Dates(int cycle)
    {
        if (cycle < 1 || cycle > 1000)
        {
            throw new CatalogInputException($"--cycle {cycle}: ICESat-2 cycles are numbered from 1 (cycle 1 started at launch, 2018-10-13).");
        }

        var start = Launch.AddDays((cycle - 1) * Days);
        return (start, start.AddDays(Days));
    }
}
