namespace Magg.Orleans;

/// <summary>
/// A credential on the wire between silos (an Earthdata token). Its text shows only as <c>[secret]</c>, so a message
/// logged or put in an exception never carries it; it is never part of grain state.
/// </summary>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.SecretText")]
public sealed class SecretText(string value)
{
    /// <summary>The credential.</summary>
    [Id(0)]
    public string Value { get; } = value;

    /// <inheritdoc />
    public override string ToString() => "[secret]";
}
