import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { emitted, rejected, skipped } from '../plugin/define.js';
import type { Outcome, RawRecord, Translator } from '../plugin/types.js';
import { InputError, openInput } from '../readers/index.js';
import { createJsonlWriter } from '../writers/json-writers.js';
import type { RejectEntry } from './rejects.js';
import { translateInputSplit, translateSplitBatch } from './split.js';
import { Stats } from './stats.js';
import { translateInput } from './translate-input.js';

const dir = mkdtempSync(join(tmpdir(), 'ocsfx-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** e=emit, E=emit two, s=skip, r=reject, x=throw, by the first token of each row. */
const translator: Translator = {
  translate(record: RawRecord): Outcome {
    if (record.kind !== 'row') return rejected('test/not-row', 'expected a row');
    const [kind, n] = record.values as string[];
    if (kind === 'e') return emitted({ n: Number(n), text: `é${n}` });
    if (kind === 'E') return emitted({ n: Number(n) }, { n: Number(n) + 0.5 });
    if (kind === 's') return skipped('test/skip', 'skipped on purpose');
    if (kind === 'r') return rejected('test/bad', `bad record ${n}`, 'n');
    throw new Error(`cannot handle ${kind}`);
  },
};

/** Lines of every kind, with comments and blank lines between them. */
function lines(count: number): string {
  const kinds = ['e', 'E', 's', 'r', 'x', 'e', 'e'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${kinds[i % kinds.length]} ${i}`);
    if (i % 13 === 0) out.push('# a comment');
    if (i % 17 === 0) out.push('');
  }
  return `${out.join('\n')}\n`;
}

async function run(file: string, split: boolean) {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const writer = await createJsonlWriter({ stream, name: 'memory' });
  const rejects: RejectEntry[] = [];
  const rejectsWriter = {
    write: (e: Record<string, unknown>) => void rejects.push(e as unknown as RejectEntry),
  };
  const input = await openInput(file);
  const stats = new Stats();
  let error: unknown;
  try {
    if (split) {
      await translateInputSplit(
        {
          input,
          run: async (batch) => structuredClone(await translateSplitBatch(structuredClone(batch), translator)),
          writer,
          rejects: rejectsWriter,
          batchRecords: 7,
          inFlight: 3,
        },
        stats,
      );
    } else {
      await translateInput({ input, translator, writer, rejects: rejectsWriter }, stats);
    }
  } catch (err) {
    error = err;
  }
  await input.close();
  await writer.close();
  const { elapsedMs: _, ...counts } = stats.snapshot();
  return { bytes: Buffer.concat(chunks).toString('utf8'), rejects, counts, error };
}

describe('translateInputSplit', () => {
  it('writes the same events, rejects and counts as translateInput, across batch boundaries', async () => {
    const file = join(dir, 'mixed.log');
    writeFileSync(file, lines(500));
    const plain = await run(file, false);
    const split = await run(file, true);
    expect(plain.error).toBeUndefined();
    expect(split.error).toBeUndefined();
    expect(split.bytes).toBe(plain.bytes);
    expect(split.rejects).toEqual(plain.rejects);
    expect(split.counts).toEqual(plain.counts);
    expect(plain.counts.rejected).toBeGreaterThan(100); // r, x (plugin/exception) and nothing lost
    expect(split.counts.recordsIn).toBe(split.counts.emittedRecords + split.counts.skipped + split.counts.rejected);
  });

  it('reuses the buffers of batches written to a file, moved to and from the worker as in the CLI', async () => {
    const file = join(dir, 'spares.log');
    writeFileSync(file, lines(60_000));
    const plain = await run(file, false);
    const target = join(dir, 'spares.jsonl');
    const writer = await createJsonlWriter(target);
    const input = await openInput(file);
    let spares = 0;
    await translateInputSplit({
      input,
      run: async (batch) => {
        if (batch.spare) spares++;
        // What postMessage with a transfer list does: the buffers move, nothing is shared.
        const moved = structuredClone(batch, { transfer: batch.spare ? [batch.spare] : [] });
        expect(batch.spare?.byteLength ?? 0).toBe(0);
        const result = await translateSplitBatch(moved, translator);
        return structuredClone(result, { transfer: [result.bytes.buffer as ArrayBuffer] });
      },
      writer,
      rejects: { write: () => undefined },
      batchRecords: 500,
      inFlight: 2,
    });
    await input.close();
    await writer.close();
    expect(readFileSync(target, 'utf8')).toBe(plain.bytes);
    expect(spares).toBeGreaterThan(10);
  });

  it('writes and counts the records before a truncated gzip, then fails the file as translateInput does', async () => {
    const whole = gzipSync(lines(20_000));
    const file = join(dir, 'truncated.log.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const plain = await run(file, false);
    const split = await run(file, true);
    expect(plain.error).toBeInstanceOf(InputError);
    expect(split.error).toBeInstanceOf(InputError);
    expect((split.error as InputError).code).toBe((plain.error as InputError).code);
    expect(split.counts).toEqual(plain.counts);
    expect(split.counts.failedFiles).toBe(1);
    expect(split.counts.emittedRecords).toBeGreaterThan(1000);
    expect(split.bytes).toBe(plain.bytes);
  });

  it('fails when a batch fails, after writing the batches before it', async () => {
    const file = join(dir, 'fails.log');
    writeFileSync(file, lines(100));
    const input = await openInput(file);
    const written: number[] = [];
    let batches = 0;
    await expect(
      translateInputSplit({
        input,
        run: async (batch) => {
          if (++batches === 3) throw new Error('worker died');
          return translateSplitBatch(batch, translator);
        },
        writer: { writeEncoded: (bytes) => void written.push(bytes.length) },
        batchRecords: 10,
        inFlight: 1,
      }),
    ).rejects.toThrow('worker died');
    await input.close();
    expect(written).toHaveLength(2);
  });
});
