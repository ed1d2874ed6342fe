import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRecordsDocument } from '../src/records-memory.mjs';

const dir = mkdtempSync(join(tmpdir(), 'ocsfx-bench-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the {"Records"} memory case input', () => {
  it('is one valid {"Records":[…]} document of at least the size asked, on one line or pretty-printed', async () => {
    for (const pretty of [false, true]) {
      const path = join(dir, `records-${pretty}.json`);
      const count = await writeRecordsDocument(path, 1, pretty);
      expect(statSync(path).size).toBeGreaterThanOrEqual(1024 * 1024);
      const text = readFileSync(path, 'utf8');
      expect(text.trimEnd().includes('\n')).toBe(pretty);
      const doc = JSON.parse(text);
      expect(doc.Records).toHaveLength(count);
      expect(doc.Records[0]).toHaveProperty('eventName');
    }
  });
});
