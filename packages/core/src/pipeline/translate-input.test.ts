import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitted, rejected, skipped } from '../plugin/define.js';
import type { OcsfEvent, Outcome, RawRecord, Translator } from '../plugin/types.js';
import { openInput } from '../readers/index.js';
import { ParquetEncodeError } from '../writers/parquet/encode.js';
import type { RejectEntry } from './rejects.js';
import { Stats } from './stats.js';
import { translateInput } from './translate-input.js';

function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-pipeline-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A translator driven by the first token of each row: e=emit, E=emit two, s=skip, r=reject, x=throw. */
const tokenTranslator: Translator = {
  translate(record: RawRecord): Outcome {
    if (record.kind !== 'row') return rejected('test/not-row', 'expected a row');
    const [kind, n] = record.values as string[];
    switch (kind) {
      case 'e':
        return emitted({ n: Number(n) });
      case 'E':
        return emitted({ n: Number(n) }, { n: Number(n) + 0.5 });
      case 's':
        return skipped('test/skip', 'skipped on purpose');
      case 'r':
        return rejected('test/bad', `bad record ${n}`, 'n');
      default:
        throw new Error(`cannot handle ${kind}`);
    }
  },
};

function collect() {
  const events: OcsfEvent[] = [];
  const rejects: RejectEntry[] = [];
  return {
    events,
    rejects,
    writer: { write: (e: OcsfEvent) => void events.push(e) },
    rejectsWriter: { write: (e: OcsfEvent) => void rejects.push(e as unknown as RejectEntry) },
  };
}

describe('translateInput', () => {
  it('rejects a record whose event the writer cannot take (ParquetEncodeError), and goes on', async () => {
    const file = tempFile('unwritable.log', 'e 1\ne 2\nE 3\ne 4\n');
    const input = await openInput(file, { format: 'text', text: { isHeader: () => false } });
    const out = collect();
    // A Parquet writer refuses an event before it keeps any of it: here every event with n = 2 or 3.5.
    const writer = {
      write(e: OcsfEvent) {
        if (e.n === 2 || e.n === 3.5) throw new ParquetEncodeError('parquet/class', `no source for ${e.n}`);
        return out.writer.write(e);
      },
    };
    const stats = await translateInput(
      { input, translator: tokenTranslator, writer, rejects: out.rejectsWriter },
      new Stats(),
    );
    expect(out.events.map((e) => e.n)).toEqual([1, 3, 4]);
    expect(stats.snapshot()).toMatchObject({ recordsIn: 4, emittedRecords: 2, rejected: 2, events: 3 });
    expect(stats.balanced()).toBe(true);
    expect(out.rejects.map((r) => [r.code, r.reason])).toEqual([
      ['parquet/class', 'no source for 2'],
      ['parquet/class', 'no source for 3.5'],
    ]);
  });

  it('accounts for every record: in = emitted + skipped + rejected, with reasons and locations', async () => {
    const file = tempFile('mixed.log', 'e 1\ns 2\nr 3\nE 4\n# a comment\nx 5\ne 6\n');
    const input = await openInput(file, { format: 'text', text: { isHeader: () => false } });
    const out = collect();
    const stats = await translateInput({
      input,
      translator: tokenTranslator,
      writer: out.writer,
      rejects: out.rejectsWriter,
    });
    expect(stats.recordsIn).toBe(7);
    expect(stats.emittedRecords).toBe(3);
    expect(stats.events).toBe(4);
    expect(stats.skipped).toBe(2);
    expect(stats.rejected).toBe(2);
    expect(stats.balanced()).toBe(true);
    expect(Object.fromEntries(stats.skippedByReason)).toEqual({ 'test/skip': 1, 'reader/comment': 1 });
    expect(Object.fromEntries(stats.rejectedByReason)).toEqual({ 'test/bad': 1, 'plugin/exception': 1 });
    expect(out.events.map((e) => e.n)).toEqual([1, 4, 4.5, 6]);
    expect(out.rejects).toEqual([
      { location: { file, line: 3 }, code: 'test/bad', reason: 'bad record 3', field: 'n', raw: 'r 3' },
      {
        location: { file, line: 6 },
        code: 'plugin/exception',
        reason: 'the plugin failed on this record: cannot handle x',
        raw: 'x 5',
      },
    ]);
    await input.close();
  });

  it('turns events that fail the check into ocsf/invalid rejects and writes none of them', async () => {
    const file = tempFile('check.log', 'e 1\ne 2\nE 3\n');
    const input = await openInput(file, { format: 'text', text: { isHeader: () => false } });
    const out = collect();
    const stats = await translateInput({
      input,
      translator: tokenTranslator,
      writer: out.writer,
      rejects: out.rejectsWriter,
      check: (event) => (event.n === 2 || event.n === 3.5 ? `n=${String(event.n)} is not allowed` : undefined),
    });
    expect(out.events.map((e) => e.n)).toEqual([1]);
    expect(stats.rejectedByReason.get('ocsf/invalid')).toBe(2);
    expect(out.rejects.map((r) => r.reason)).toEqual(['n=2 is not allowed', 'n=3.5 is not allowed']);
    expect(stats.balanced()).toBe(true);
    await input.close();
  });

  it('waits on the writer when it applies back-pressure', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `e ${i}`).join('\n');
    const input = await openInput(tempFile('many.log', lines), { format: 'text', text: { isHeader: () => false } });
    const written: number[] = [];
    let pending = 0;
    const slowWriter = {
      write(e: OcsfEvent) {
        expect(pending).toBe(0); // never called while a previous write is still pending
        written.push(e.n as number);
        if (written.length % 50 !== 0) return undefined;
        pending++;
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            pending--;
            resolve();
          }, 1),
        );
      },
    };
    await translateInput({ input, translator: tokenTranslator, writer: slowWriter });
    expect(written).toHaveLength(500);
    expect(written[499]).toBe(499);
    await input.close();
  });

  it('keeps and counts the records before an input error, then reports the error', async () => {
    const { gzipSync } = await import('node:zlib');
    const gz = gzipSync(Buffer.from(Array.from({ length: 2000 }, (_, i) => `e ${i}`).join('\n')));
    const file = tempFile('cut.log.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const input = await openInput(file, { format: 'text', text: { isHeader: () => false } });
    const out = collect();
    const stats = new Stats();
    await expect(translateInput({ input, translator: tokenTranslator, writer: out.writer }, stats)).rejects.toThrow(
      /cut\.log\.gz/,
    );
    expect(stats.failedFiles).toBe(1);
    expect(stats.recordsIn).toBe(out.events.length);
    expect(stats.balanced()).toBe(true);
    await input.close();
  });

  it('holds the accounting invariant for any mix of outcomes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('e', 'E', 's', 'r', 'x', '#'), { maxLength: 60 }), async (kinds) => {
        const text = kinds.map((k, i) => (k === '#' ? '# c' : `${k} ${i}`)).join('\n');
        const input = await openInput(tempFile('p.log', text), { format: 'text', text: { isHeader: () => false } });
        const out = collect();
        const stats = await translateInput({
          input,
          translator: tokenTranslator,
          writer: out.writer,
          rejects: out.rejectsWriter,
        });
        await input.close();
        expect(stats.recordsIn).toBe(kinds.length);
        expect(stats.balanced()).toBe(true);
        expect(stats.events).toBe(out.events.length);
        expect(stats.rejected).toBe(out.rejects.length);
      }),
      { numRuns: 40 },
    );
  });
});
