/**
 * Peak memory of ocsfx reading one large CloudTrail `{"Records":[…]}` document (uncompressed, on one line,
 * as a trail delivers it once gunzipped): the reader streams the document record by record, so the peak
 * must not grow with the document. Target (issue 14): ≤ 200 MiB for a 1 GiB document.
 */
import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { cloudTrailEvents } from './gen-cloudtrail.mjs';

export const RECORDS_TARGET_MIB = 200;

/**
 * Writes a `{"Records":[…]}` document of at least `mebibytes` MiB to `path`; returns its event count.
 * @param {string} path
 * @param {number} mebibytes
 * @param {boolean} [pretty] two-space indented, one attribute per line, instead of one line
 */
export async function writeRecordsDocument(path, mebibytes, pretty = false) {
  const target = mebibytes * 1024 * 1024;
  const out = createWriteStream(path);
  let bytes = 0;
  let count = 0;
  const write = async (text) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(pretty ? '{\n  "Records": [\n' : '{"Records":[');
  // The generator's event mix, repeated with new seeds until the document is large enough.
  for (let seed = 1; bytes < target; seed++) {
    for (const event of cloudTrailEvents(10_000, seed)) {
      const text = pretty ? JSON.stringify(event, null, 2).replace(/^/gm, '    ') : JSON.stringify(event);
      await write(count === 0 ? text : pretty ? `,\n${text}` : `,${text}`);
      count++;
      if (bytes >= target) break;
    }
  }
  await write(pretty ? '\n  ]\n}\n' : ']}\n');
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Generates the document, runs `ocsfx translate` on it and returns a line for the bench's extras table.
 * @param {{ node: string; cli: string; dir: string; root: string; work: string; quick: boolean;
 *   measure: (command: string, args: string[], options: { cwd: string; scratch: string }) => Promise<{ seconds: number; peakRssMiB: number }> }} options
 */
export async function recordsMemoryCase({ node, cli, dir, root, work, quick, measure }) {
  const mebibytes = quick ? 8 : 1024;
  const input = join(dir, `cloudtrail-records-${mebibytes}MiB.json`);
  const output = join(dir, 'cloudtrail-records.out.jsonl');
  const events = await writeRecordsDocument(input, mebibytes);
  try {
    // One thread: the reader and the writer alone (the target). Then the default, where a file this large
    // is translated by worker threads (one per core): each worker is a V8 heap of its own, a fixed cost.
    const args = [cli, 'translate', input, '--source', 'cloudtrail-auth', '-o', output, '--quiet'];
    const one = await measure(node, [...args, '--jobs', '1'], { cwd: root, scratch: work });
    rmSync(output, { force: true });
    const workers = await measure(node, args, { cwd: root, scratch: work });
    const size = statSync(input).size / 2 ** 20;
    const met = one.peakRssMiB <= RECORDS_TARGET_MIB ? 'met' : 'NOT met';
    return {
      what: `one-line {"Records":[…]} document, ${size.toFixed(0)} MiB, ${events.toLocaleString('en-US')} CloudTrail events (src/records-memory.mjs)`,
      result:
        `peak RSS ${one.peakRssMiB.toFixed(0)} MiB with --jobs 1 (target ≤ ${RECORDS_TARGET_MIB} MiB for 1 GiB: ` +
        `${quick ? 'not checked in a quick run' : met}), ${one.seconds.toFixed(1)} s; ` +
        `${workers.peakRssMiB.toFixed(0)} MiB with the default --jobs (${cpus().length} worker threads), ${workers.seconds.toFixed(1)} s`,
    };
  } finally {
    rmSync(input, { force: true });
    rmSync(output, { force: true });
  }
}
