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

/**
 * Output that encodes lines into 256 KiB byte buffers and writes each when full, waiting when the file
 * asks to (the cheapest way found to write many short strings; a string join costs more).
 */
export function lineWriter(path) {
  const file = createWriteStream(path);
  const SIZE = 256 * 1024;
  let buffer = Buffer.allocUnsafe(SIZE);
  let used = 0;
  return {
    /** @returns {Promise<void> | undefined} */
    write(line) {
      let wait;
      if (used + line.length * 3 + 1 > buffer.length) {
        wait = file.write(buffer.subarray(0, used)) ? undefined : once(file, 'drain').then(() => undefined);
        buffer = Buffer.allocUnsafe(Math.max(SIZE, line.length * 3 + 1));
        used = 0;
      }
      used += buffer.write(line, used);
      buffer[used++] = 10;
      return wait;
    },
    async close() {
      if (used > 0) file.write(buffer.subarray(0, used));
      file.end();
      await once(file, 'close');
    },
  };
}

/**
 * Calls `onLine` for every line of the input (without its newline), waiting when it returns a promise
 * (the output asking to wait).
 * @param {string} path
 * @param {(line: string) => Promise<void> | undefined} onLine
 */
export async function forEachLine(path, onLine) {
  let rest = '';
  for await (const chunk of inputChunks(path).setEncoding('utf8')) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const wait = onLine(text.slice(start, nl));
      if (wait) await wait;
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  await onLine(rest);
}
