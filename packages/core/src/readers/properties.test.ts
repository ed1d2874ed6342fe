import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from './index.js';
import { readAll, tempDir } from './test-helpers/io.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let counter = 0;
const write = (content: string | Uint8Array): string => tmp.file(`p-${counter++}`, content);

/** Fails instead of hanging when a read does not finish. */
async function withinTime<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`read did not finish in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isBlank = (line: string): boolean => line.trim() === '';

describe('readers on arbitrary input', () => {
  it('never throw anything but InputError and never hang on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        const { error } = await withinTime(readAll(write(bytes)));
        if (error !== undefined) expect(error).toBeInstanceOf(InputError);
      }),
      { numRuns: 150 },
    );
  });

  it('never throw anything but InputError on arbitrary strings, in every forced format', async () => {
    const formats = ['text', 'csv', 'json', 'parquet'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 2000, unit: 'binary' }),
        fc.constantFrom(...formats),
        async (text, format) => {
          const { error } = await withinTime(readAll(write(text), { format }));
          if (error !== undefined) expect(error).toBeInstanceOf(InputError);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('accounting', () => {
  // Lines that are neither headers nor comments: tokens that contain a digit.
  // A data line carries an all-digit token (a version, a port), so it can never pass for a header line
  // such as "a0 b1" — which looksLikeHeader rightly takes as field names.
  const dataLine = fc
    .tuple(fc.nat(), fc.array(fc.stringMatching(/^[0-9a-z.-]{0,6}[0-9][0-9a-z.-]{0,6}$/), { maxLength: 7 }))
    .map(([n, tokens]) => [String(n), ...tokens].join(' '));
  const blankLine = fc.constantFrom('', ' ', '\t', '  \t ');

  it('text: one item per non-blank line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(dataLine, blankLine), { maxLength: 60 }),
        fc.boolean(),
        async (lines, crlf) => {
          const { items, error } = await readAll(write(lines.join(crlf ? '\r\n' : '\n')), { format: 'text' });
          expect(error).toBeUndefined();
          expect(items).toHaveLength(lines.filter((l) => !isBlank(l)).length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('NDJSON: one item per non-blank line, valid or not', async () => {
    const plainObject = fc
      .dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(fc.integer(), fc.string(), fc.boolean()), { maxKeys: 4 })
      .map((o) => ({ ...o, seq: 1 }))
      .map((o) => JSON.stringify(o));
    const brokenLine = plainObject.map((s) => s.slice(0, -1));
    await fc.assert(
      fc.asyncProperty(
        plainObject,
        fc.array(fc.oneof(plainObject, brokenLine, blankLine), { maxLength: 40 }),
        async (first, rest) => {
          const lines = [first, ...rest];
          const { items, error } = await readAll(write(lines.join('\n')), { format: 'json' });
          expect(error).toBeUndefined();
          expect(items).toHaveLength(lines.filter((l) => !isBlank(l)).length);
          const rejects = items.filter((i) => i.kind === 'issue').length;
          expect(rejects).toBe(lines.filter((l) => !isBlank(l) && !l.endsWith('}')).length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
