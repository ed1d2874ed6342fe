import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type JsonEncoder, jsonFragment } from './json-bytes.js';
import { createJsonArrayWriter, createJsonlWriter } from './json-writers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ocsfx-writers-'));

describe('JSONL writer', () => {
  it('writes one JSON document per line and commits the file atomically on close', async () => {
    const dir = tmp();
    const target = join(dir, 'out.jsonl');
    const w = await createJsonlWriter(target);
    w.write({ a: 1 });
    w.write({ b: 'two' });
    // Before close only a hidden temp file exists: a crash never leaves a file that looks complete.
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([]);
    await w.close();
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}\n{"b":"two"}\n');
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('writes events larger than its buffer, and multi-byte text across buffer boundaries, intact', async () => {
    const dir = tmp();
    const target = join(dir, 'out.jsonl');
    const w = await createJsonlWriter(target);
    const events = [
      { big: 'é€😀'.repeat(200_000) },
      ...Array.from({ length: 3000 }, (_, i) => ({ i, city: 'Zürich', note: '→ ✓ 😀'.repeat(i % 50) })),
      { big: 'x'.repeat(1_000_000) },
    ];
    for (const event of events) {
      const p = w.write(event);
      if (p) await p;
    }
    await w.close();
    const lines = readFileSync(target, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
  });

  it('reuses its buffers only once the file has them: many megabytes arrive intact and in order', async () => {
    const dir = tmp();
    const target = join(dir, 'out.jsonl');
    const w = await createJsonlWriter(target);
    // ~20 MB: about 80 buffers of 256 KiB, far more than the writer keeps for reuse.
    const event = (i: number) => ({ i, text: `${i}:`.padEnd(200 + (i % 97), String.fromCharCode(97 + (i % 26))) });
    for (let i = 0; i < 80_000; i++) {
      const p = w.write(event(i));
      if (p) await p;
    }
    await w.close();
    const lines = readFileSync(target, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(80_000);
    lines.forEach((line, i) => {
      if (line !== JSON.stringify(event(i))) expect.fail(`line ${i + 1} differs: ${line.slice(0, 80)}`);
    });
  });

  it('leaves nothing behind when aborted', async () => {
    const dir = tmp();
    const w = await createJsonlWriter(join(dir, 'out.jsonl'));
    w.write({ a: 1 });
    await w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('applies back-pressure: a large volume arrives complete and in order through a slow stream', async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    const w = await createJsonlWriter({ stream, name: 'test' });
    const consumer = (async () => {
      for await (const c of stream) chunks.push(c as Buffer);
    })();
    let waits = 0;
    for (let i = 0; i < 20000; i++) {
      const p = w.write({ i, pad: 'x'.repeat(50) });
      if (p) {
        waits++;
        await p;
      }
    }
    await w.close();
    stream.end();
    await consumer;
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20000);
    expect(JSON.parse(lines[19999]!).i).toBe(19999);
    expect(waits).toBeGreaterThan(0);
  });
});

describe('JSON array writer', () => {
  it('writes a valid JSON array', async () => {
    const dir = tmp();
    const target = join(dir, 'out.json');
    const w = await createJsonArrayWriter(target);
    w.write({ a: 1 });
    w.write({ a: 2 });
    await w.close();
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('writes [] when there are no events', async () => {
    const dir = tmp();
    const target = join(dir, 'empty.json');
    const w = await createJsonArrayWriter(target);
    await w.close();
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual([]);
  });
});

describe('JSON writers with a translator encoder', () => {
  /** Encodes events that have `n` as `{"n":…}` and half-writes then refuses the others. */
  const encode: JsonEncoder = (event, out) => {
    if (typeof event['n'] !== 'number' || Object.keys(event).length !== 1) {
      out.raw(jsonFragment('{"garbage":'));
      return false;
    }
    out.raw(jsonFragment('{"n":'));
    out.number(event['n']);
    out.byte(125);
    return true;
  };
  const events = Array.from({ length: 30_000 }, (_, i) =>
    i % 3 === 0 ? { other: 'é😀'.repeat(i % 7), i } : i % 1000 === 1 ? { n: i, big: 'x'.repeat(300_000) } : { n: i },
  );

  it('JSONL: the encoder writes what it takes, JSON.stringify the rest, nothing of a refusal stays', async () => {
    const dir = tmp();
    const target = join(dir, 'out.jsonl');
    const w = await createJsonlWriter(target);
    let waits = 0;
    for (const event of events) {
      const p = w.write(event, encode);
      if (p) {
        waits++;
        await p;
      }
    }
    await w.close();
    expect(readFileSync(target, 'utf8')).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(waits).toBeGreaterThan(0);
  });

  it('JSON array: separators stay where they belong whichever path writes an event', async () => {
    const dir = tmp();
    const target = join(dir, 'out.json');
    const w = await createJsonArrayWriter(target);
    for (const event of events.slice(0, 3000)) {
      const p = w.write(event, encode);
      if (p) await p;
    }
    await w.close();
    expect(readFileSync(target, 'utf8')).toBe(
      `[\n${events
        .slice(0, 3000)
        .map((e) => JSON.stringify(e))
        .join(',\n')}\n]\n`,
    );
  });
});
