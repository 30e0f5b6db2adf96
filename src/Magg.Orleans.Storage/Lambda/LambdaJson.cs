using System.Text.Json;
using System.Text.Json.Serialization;

namespace Magg.Orleans.Storage.Lambda;

/// <summary>How cell events and responses travel: compact snake_case JSON, enums as snake_case names.</summary>
internal static class LambdaJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
