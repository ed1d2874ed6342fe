import { describe, expect, it } from 'vitest';
import { type Line, splitLines } from './lines.js';

async function linesOf(chunks: Buffer[], max?: number): Promise<{ number: number; line: Line }[]> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  const out: { number: number; line: Line }[] = [];
  for await (const batch of splitLines(source(), max, 2)) {
    batch.lines.forEach((line, i) => {
      out.push({ number: batch.firstLine + i, line });
    });
  }
  return out;
}

describe('splitLines', () => {
  it('handles \\n, \\r\\n and a last line without newline, numbering from 1', async () => {
    const got = await linesOf([Buffer.from('a\r\nb\n\nc')]);
    expect(got).toEqual([
      { number: 1, line: 'a' },
      { number: 2, line: 'b' },
      { number: 3, line: '' },
      { number: 4, line: 'c' },
    ]);
  });

  it('does not invent an empty line after a final newline', async () => {
    expect((await linesOf([Buffer.from('a\nb\n')])).map((l) => l.line)).toEqual(['a', 'b']);
  });

  it('decodes a UTF-8 character split across chunks and a CRLF split across chunks', async () => {
    const bytes = Buffer.from('héllo→wörld\r\nnext');
    const chunks = [...bytes].map((b) => Buffer.from([b])); // one byte per chunk
    expect((await linesOf(chunks)).map((l) => l.line)).toEqual(['héllo→wörld', 'next']);
  });

  it('turns an over-long line into a LongLine with its head and goes on', async () => {
    const long = 'x'.repeat(5000);
    const got = await linesOf(
      [Buffer.from(`ok\n${long.slice(0, 2500)}`), Buffer.from(`${long.slice(2500)}\nafter`)],
      100,
    );
    expect(got[0]).toEqual({ number: 1, line: 'ok' });
    const second = got[1]?.line;
    expect(typeof second).toBe('object');
    expect(second).toMatchObject({ tooLong: true, length: 5000 });
    expect((second as { head: string }).head.length).toBe(1024);
    expect(got[2]).toEqual({ number: 3, line: 'after' });
  });

  it('reports an over-long last line without newline', async () => {
    const got = await linesOf([Buffer.from('y'.repeat(300))], 100);
    expect(got).toHaveLength(1);
    expect(got[0]?.line).toMatchObject({ tooLong: true, length: 300 });
  });
});
