/** Output compression and column choices of Parquet files. */
import * as zlib from 'node:zlib';

export type ParquetCompression = 'gzip' | 'zstd';

export interface Codec {
  /** Parquet's CompressionCodec id: GZIP 2, ZSTD 6. */
  id: number;
  compress: (input: Uint8Array) => Uint8Array;
}

// zstd arrived in node:zlib with Node 22.15; on older Node, ZSTD output is refused with a clear message.
const zstdCompress = (zlib as unknown as { zstdCompressSync?: (input: Uint8Array) => Uint8Array }).zstdCompressSync;

export function compressionAvailable(compression: ParquetCompression): boolean {
  return compression === 'gzip' || zstdCompress !== undefined;
}

export function codecFor(compression: ParquetCompression): Codec {
  if (compression === 'gzip') return { id: 2, compress: (input) => zlib.gzipSync(input) };
  if (!zstdCompress) {
    throw new Error(
      `ZSTD Parquet output needs Node.js 22.15 or later (this is ${process.version}); use --compression gzip`,
    );
  }
  return { id: 6, compress: (input) => zstdCompress(input) };
}

/** Which columns a file has: those of the class schema that hold a value (default), or all of them. */
export type ParquetColumns = 'present' | 'class';
