using System.Text;

namespace Magg.Orleans.Persistence.DynamoDB;

/// <summary>The layout of a grain state item: attribute names and the size DynamoDB charges against its item limit.</summary>
internal static class GrainStateItem
{
    /// <summary>Hash key: "{serviceId}/{stateName}/{grainId}".</summary>
    public const string Key = "GrainReference";

    /// <summary>The serialized state (binary).</summary>
    public const string State = "State";

    /// <summary>The version number that serves as ETag, starting at 1 and incremented by every write.</summary>
    public const string ETag = "ETag";

    /// <summary>DynamoDB's maximum item size (400 KB), attribute names included.</summary>
    public const int MaxItemBytes = 400 * 1024;

    public static string KeyOf(string serviceId, string stateName, string grainId) => $"{serviceId}/{stateName}/{grainId}";

    /// <summary>
    /// The item size as DynamoDB counts it: UTF-8 attribute names plus values; a number takes at most one byte per two
    /// digits plus one, counted here as one byte per digit to stay on the safe side.
    /// </summary>
    public static long SizeOf(string key, long stateBytes, string etag) =>
        Encoding.UTF8.GetByteCount(Key) + Encoding.UTF8.GetByteCount(key)
        + Encoding.UTF8.GetByteCount(State) + stateBytes
        + Encoding.UTF8.GetByteCount(ETag) + etag.Length + 1;
}
