/**
 * `--jobs N` on one file: this thread reads, workers translate batches, the bytes are written in order.
 * Over every real fixture, the split path (core's translateInputSplit with its batches cloned as a
 * worker message clones them, and small batches so that every file crosses batch boundaries) must give
 * the same output bytes, the same rejects and the same counts as the plain path (translateInput).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  chainTranslators,
  createJsonlWriter,
  openInput,
  type RejectEntry,
  type Stats,
  translateInput,
  translateInputSplit,
  translateSplitBatch,
} from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverPlugins } from '../src/discovery.js';
import { detectPlugins } from '../src/select-plugin.js';
import { SPLIT_MIN_BYTES } from '../src/translate-file.js';
import { REPO_DIR, runCli } from './helpers.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.md'))
    .sort();
}

/** A JSONL writer into memory, and the bytes it wrote. */
async function memoryJsonl() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const writer = await createJsonlWriter({ stream, name: 'memory' });
  return { writer, bytes: () => Buffer.concat(chunks) };
}

function collector(list: RejectEntry[]) {
  return {
    write(entry: Record<string, unknown>) {
      list.push(entry as unknown as RejectEntry);
      return undefined;
    },
  };
}

const counts = (s: Stats) => {
  const { elapsedMs: _, ...rest } = s.snapshot();
  return rest;
};

describe.skipIf(!hasShared)('one file over worker threads (translateInputSplit)', () => {
  it('gives the bytes, rejects and counts of the plain path on every real fixture', async () => {
    const { registry } = await discoverPlugins({ cwd: REPO_DIR });
    let compared = 0;
    let events = 0;
    for (const file of filesUnder(shared('fixtures', 'real'))) {
      const probe = await openInput(file);
      let plugins: ReturnType<typeof detectPlugins>;
      try {
        plugins = detectPlugins(registry, await probe.sample());
      } catch {
        continue; // no plugin claims this file (the detection tests cover that)
      } finally {
        await probe.close();
      }
      const translator = () =>
        chainTranslators(
          plugins.map((p) => ({ translator: p.createTranslator({ ocsfVersion: p.ocsf.defaultVersion, options: {} }) })),
        );
      const readOptions = { text: plugins[0]?.text };

      const plain = await memoryJsonl();
      const plainRejects: RejectEntry[] = [];
      const plainInput = await openInput(file);
      const plainStats = await translateInput({
        input: plainInput,
        translator: translator(),
        writer: plain.writer,
        rejects: collector(plainRejects),
        readOptions,
      });
      await plainInput.close();
      await plain.writer.close();

      const split = await memoryJsonl();
      const splitRejects: RejectEntry[] = [];
      const splitInput = await openInput(file);
      const worker = translator();
      const splitStats = await translateInputSplit({
        input: splitInput,
        // A worker receives a structured clone of the batch, and its result comes back cloned too.
        run: async (batch) => structuredClone(await translateSplitBatch(structuredClone(batch), worker)),
        writer: split.writer,
        rejects: collector(splitRejects),
        readOptions,
        batchRecords: 3,
        inFlight: 3,
      });
      await splitInput.close();
      await split.writer.close();

      expect(split.bytes().equals(plain.bytes()), file).toBe(true);
      expect(splitRejects, file).toEqual(plainRejects);
      expect(counts(splitStats), file).toEqual(counts(plainStats));
      expect(splitStats.balanced(), file).toBe(true);
      compared++;
      events += plainStats.events;
    }
    // Most real fixtures belong to an installed plugin; a test that compared nothing proves nothing.
    expect(compared).toBeGreaterThan(50);
    expect(events).toBeGreaterThan(100);
  }, 120_000);
});

describe.skipIf(!hasShared)('ocsfx translate --jobs 2 on one file', () => {
  const vpc = shared(
    'fixtures',
    'real',
    'aws-docs',
    'vpc-user-guide',
    'flow-log-record-examples',
    '01-default-format-accepted-rejected-icmp-ipv6.log',
  );
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-split-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A file above the size where --jobs splits one file: the fixture's records many times, some broken. */
  function largeFile(): string {
    const [header, ...records] = readFileSync(vpc, 'utf8').trim().split('\n');
    const lines = [header as string];
    for (let i = 0; lines.length * 120 < SPLIT_MIN_BYTES * 1.2; i++) {
      lines.push(records[i % records.length] as string);
      if (i % 997 === 0) lines.push('5 123456789012 eni-1 10.0.0.1 10.0.0.2 99999 443 6 1 40 1 2 ACCEPT OK');
      if (i % 1499 === 0) lines.push('# a comment');
    }
    const file = join(dir, 'large.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(statSync(file).size).toBeGreaterThan(SPLIT_MIN_BYTES);
    return file;
  }

  it('writes what --jobs 1 writes: output, rejects and summary', async () => {
    const file = largeFile();
    const run = (jobs: string) =>
      runCli(
        [
          'translate',
          file,
          '--source',
          'vpc-flowlogs',
          '--jobs',
          jobs,
          '-o',
          join(dir, `out-${jobs}.jsonl`),
          '--rejects',
          join(dir, `rejects-${jobs}.jsonl`),
        ],
        { cwd: REPO_DIR },
      );
    const one = await run('1');
    const two = await run('2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const out1 = readFileSync(join(dir, 'out-1.jsonl'));
    expect(out1.length).toBeGreaterThan(SPLIT_MIN_BYTES);
    expect(readFileSync(join(dir, 'out-2.jsonl')).equals(out1)).toBe(true);
    const rejects1 = readFileSync(join(dir, 'rejects-1.jsonl'), 'utf8');
    expect(rejects1.split('\n').length).toBeGreaterThan(10);
    expect(readFileSync(join(dir, 'rejects-2.jsonl'), 'utf8')).toBe(rejects1);
    const summary = (stderr: string) => stderr.split('\n').filter((l) => !/ s, \d+ records\/s/.test(l));
    expect(summary(two.stderr)).toEqual(summary(one.stderr));
    expect(summary(one.stderr).join('\n')).toContain('rejected');
  }, 60_000);

  it('reports a bad plugin option as a usage error, not from a worker', async () => {
    const result = await runCli([
      'translate',
      largeFile(),
      '--source',
      'vpc-flowlogs',
      '--jobs',
      '2',
      '--vpc-format',
      '${nope}',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('nope');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
