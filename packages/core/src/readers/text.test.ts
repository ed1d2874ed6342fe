import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineBatch } from './lines.js';
import { readText } from './text.js';
import type { ReaderItem } from './types.js';

async function read(lines: string[], linesOnly: boolean): Promise<ReaderItem[]> {
  async function* batches(): AsyncGenerator<LineBatch> {
    for (let i = 0; i < lines.length; i += 3) yield { firstLine: i + 1, lines: lines.slice(i, i + 3) };
  }
  const out: ReaderItem[] = [];
  for await (const items of readText(batches(), 'f.log', undefined, linesOnly)) out.push(...items);
  return out;
}

const HEADER = 'version account-id srcaddr';
/** Lines of a file: the header (also repeated, indented, or with a longer first name), data, comments, blanks. */
const line = fc.oneof(
  fc.constantFrom(
    HEADER,
    `  ${HEADER}`,
    `\t${HEADER}\t`,
    `${HEADER} extra`,
    'versions account-id srcaddr',
    'version  account-id   srcaddr',
    `\ufeff${HEADER}`,
    '# comment',
    '',
    '   ',
    '2 123456789012 10.0.0.1',
    'version',
  ),
  fc
    .array(fc.constantFrom('2', 'version', 'account-id', 'srcaddr', '-', ' ', '\t', 'x'), { maxLength: 8 })
    .map((t) => t.join('')),
);

describe('readText', () => {
  it("with textRows 'lines' finds the same headers, comments and rows, rows with their text only", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        const fields = await read(lines, false);
        const only = await read(lines, true);
        expect(only).toEqual(fields.map((item) => (item.kind === 'row' ? { ...item, values: [] } : item)));
      }),
      { numRuns: 2000 },
    );
  });
});
