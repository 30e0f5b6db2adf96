using System.Globalization;
using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Core.Config;

/// <summary>
/// Which <c>fill_value</c> a dtype takes. Float dtypes take any number, NaN (their default) and the infinities
/// included. Integer dtypes take only whole numbers in their range (64-bit ones: up to 2^53, what a double holds
/// exactly); NaN and the infinities have no integer representation, so they are refused rather than silently
/// turned into some integer.
/// </summary>
internal static class FillValues
{
    /// <summary>Why <paramref name="fill"/> cannot fill <paramref name="type"/>, or null when it can.</summary>
    public static string? Problem(DataType type, double fill)
    {
        if (type.CanHold(fill))
        {
            return null;
        }

        var text = fill.ToString(CultureInfo.InvariantCulture);
        var name = type.Name();
        var article = name.StartsWith('i') ? "an" : "a";
        return double.IsFinite(fill)
            ? $"{text} is not {article} {name} value (a whole number within the dtype's range)"
            : $"{text} is not {article} {name} value: NaN and infinite fill values need a float dtype (float32 or float64)";
    }

    /// <summary>Throws the error of <see cref="Problem"/> against <c>fill_value</c> of <paramref name="section"/>.</summary>
    public static double Check(YamlSection section, DataType type, double fill) =>
        Problem(type, fill) is { } problem ? throw section.Error("fill_value", problem) : fill;
}
