namespace Magg.Orleans.Storage.Granules;

/// <summary>A response worth retrying (5xx, 429, 408, S3 SlowDown); the message names the status, never credentials.</summary>
internal sealed class TransientHttpException(string message) : Exception(message);
