namespace Magg.Orleans.Lambda.Cells;

/// <summary>
/// An event names a store the function's access policy does not let it write (<c>MAGG_ALLOW_STORES</c>). Posted as the
/// invocation's error: nothing was read or written.
/// </summary>
internal sealed class StoreRefusedException(string message) : Exception(message);
