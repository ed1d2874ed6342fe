/**
 * What every floor script shares: decompressed input chunks (gzip by magic bytes, as ocsfx detects it)
 * and a buffered output file, the least any translator has to do to read and write.
 */

import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

function isGzip(path) {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The input's bytes, gunzipped when it is gzip. */
export function inputChunks(path) {
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  return isGzip(path) ? raw.pipe(createGunzip()) : raw;
}

/** Output that collects lines and writes them in 256 KiB pieces, waiting when the file asks to. */
export function lineWriter(path) {
  const file = createWriteStream(path);
  let parts = [];
  let size = 0;
  return {
    /** @returns {Promise<void> | undefined} */
    write(line) {
      parts.push(line);
      size += line.length + 1;
      if (size < 256 * 1024) return undefined;
      parts.push('');
      const ok = file.write(parts.join('\n'));
      parts = [];
      size = 0;
      return ok ? undefined : once(file, 'drain').then(() => undefined);
    },
    async close() {
      if (parts.length > 0) {
        parts.push('');
        file.write(parts.join('\n'));
      }
      file.end();
      await once(file, 'close');
    },
  };
}
