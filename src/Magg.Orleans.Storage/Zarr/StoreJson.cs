using System.Text.Json;
using System.Text.Json.Serialization;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>How Magg's own records in a store (<c>_magg/</c>) are written: snake_case JSON, enums as names.</summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };
}
