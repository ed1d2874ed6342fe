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

/**
 * Deflate level of the pages. Level 1 takes about a third of level 6's time on the pages of VPC flow events
 * for ~7% more compressed bytes (200k events: 259 against 920 ms, 11.6 against 10.8 MB of pages); the
 * pages are already small (dictionary indices, levels), so the slower levels find little more.
 */
const GZIP_LEVEL = 1;
/**
 * Most pages are small (dictionary indices of a few columns, a file's last page): a deflate window and hash
 * no larger than the input spare zlib most of its set-up cost per call, with the same output format.
 */
const GZIP_OPTIONS: zlib.ZlibOptions[] = [];
for (let bits = 9; bits <= 15; bits++) {
  GZIP_OPTIONS.push({ level: GZIP_LEVEL, windowBits: bits, memLevel: Math.max(1, bits - 7) });
}

function gzipOptions(length: number): zlib.ZlibOptions {
  let bits = 9;
  while (bits < 15 && 1 << bits < length + 262) bits++;
  return GZIP_OPTIONS[bits - 9] as zlib.ZlibOptions;
}

/**
 * zlib returns a small result as a view of its 16 KiB output chunk: a page held until its row group is
 * written would keep the whole chunk alive (and out of the writer's byte count). Such results are copied.
 */
function exact(out: Uint8Array): Uint8Array {
  return out.byteLength * 2 < out.buffer.byteLength ? new Uint8Array(out) : out;
}

export function codecFor(compression: ParquetCompression): Codec {
  if (compression === 'gzip')
    return { id: 2, compress: (input) => exact(zlib.gzipSync(input, gzipOptions(input.length))) };
  if (!zstdCompress) {
    throw new Error(
      `ZSTD Parquet output needs Node.js 22.15 or later (this is ${process.version}); use --compression gzip`,
    );
  }
  return { id: 6, compress: (input) => exact(zstdCompress(input)) };
}

/** Which columns a file has: those of the class schema that hold a value (default), or all of them. */
export type ParquetColumns = 'present' | 'class';
