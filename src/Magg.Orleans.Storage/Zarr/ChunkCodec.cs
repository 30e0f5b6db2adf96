using System.IO.Compression;
using ZstdSharp;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>The codec chain after <c>bytes</c> (little-endian, as the machine holds the values): none, zstd or gzip.</summary>
internal static class ChunkCodec
{
    public const int ZstdLevel = 3;
    public const int GzipLevel = 5;

    public static byte[] Encode(ReadOnlySpan<byte> raw, ChunkCompression compression)
    {
        switch (compression)
        {
            case ChunkCompression.None:
                return raw.ToArray();
            case ChunkCompression.Zstd:
                using (var compressor = new Compressor(ZstdLevel))
                {
                    return compressor.Wrap(raw).ToArray();
                }

            case ChunkCompression.Gzip:
                using (var output = new MemoryStream())
                {
                    using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = GzipLevel }, leaveOpen: true))
                    {
                        gzip.Write(raw);
                    }

                    return output.ToArray();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(compression));
        }
    }

    public static byte[] Decode(byte[] stored, ChunkCompression compression)
    {
        switch (compression)
        {
            case ChunkCompression.None:
                return stored;
            case ChunkCompression.Zstd:
                using (var decompressor = new Decompressor())
                {
                    return decompressor.Unwrap(stored).ToArray();
                }

            case ChunkCompression.Gzip:
                using (var input = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress))
                using (var output = new MemoryStream())
                {
                    input.CopyTo(output);
                    return output.ToArray();
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(compression));
        }
    }
}
