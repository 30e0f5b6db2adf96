using SkiaSharp;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// The typefaces maps are labelled with, embedded in the assembly (DejaVu Sans cut to Latin-1, see Fonts/LICENSE.txt):
/// the no-dependency Skia build has no font manager, and bare machines have no fonts.
/// </summary>
internal static class QuicklookFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans-Latin1.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold-Latin1.ttf"));

    public static SKTypeface Regular => RegularFace.Value;

    public static SKTypeface Bold => BoldFace.Value;

    private static SKTypeface Load(string file)
    {
        var name = $"Magg.Orleans.Quicklook.Fonts.{file}";
        using var stream = typeof(QuicklookFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The embedded font {name} does not load.");
    }
}
