import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openInput } from '@ocsfx/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudTrailEvents, writeCloudTrail } from '../src/gen-cloudtrail.mjs';
import { V5_FIELDS, VPC_HEADER, vpcLine, vpcRecords, writeVpcParquet, writeVpcText } from '../src/gen-vpc.mjs';
import { median } from '../src/measure.mjs';
import { createRandom } from '../src/prng.mjs';

const dir = mkdtempSync(join(tmpdir(), 'ocsfx-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path) {
  const input = await openInput(path);
  const items = [];
  for await (const batch of input.records()) items.push(...batch);
  await input.close();
  return items;
}

describe('seeded generators', () => {
  it('give the same values for the same seed and different ones for another', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
    expect([...vpcRecords(50, 1)]).toEqual([...vpcRecords(50, 1)]);
  });
});

describe('VPC data', () => {
  it('is version 5 text with the 29 default v5 fields, which core reads as rows under the header', async () => {
    const path = join(dir, 'vpc.log.gz');
    await writeVpcText(path, 500);
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    expect(text.split('\n')[0]).toBe(VPC_HEADER);
    const items = await readAll(path);
    expect(items).toHaveLength(500);
    for (const item of items) {
      expect(item.kind).toBe('row');
      expect(item.columns).toHaveLength(29);
      expect(item.values).toHaveLength(29);
      expect(item.values[0]).toBe('5');
    }
    expect(items.some((i) => i.values[13] === 'NODATA' || i.values[13] === 'SKIPDATA')).toBe(true);
    expect(items.some((i) => i.values[12] === 'REJECT')).toBe(true);
  });

  it('writes "-" for missing values in text', () => {
    const record = V5_FIELDS.map(() => null);
    record[0] = 5;
    expect(vpcLine(record)).toBe(`5${' -'.repeat(28)}`);
  });

  it('is Parquet with AWS column names and types, holding the same records as the text', async () => {
    const path = join(dir, 'vpc.parquet');
    writeVpcParquet(path, 300);
    const items = await readAll(path);
    expect(items).toHaveLength(300);
    expect(items[0].columns).toEqual(V5_FIELDS.map(([name]) => name.replaceAll('-', '_')));
    const records = [...vpcRecords(300)];
    const first = items[0].values;
    // INT32 columns read back as numbers, INT64 ones as bigint, strings as strings, missing as null.
    expect(first[0]).toBe(5);
    expect(first[3]).toBe(records[0][3]);
    expect(first[5]).toBe(records[0][5]);
    expect(first[9]).toBe(BigInt(records[0][9]));
    expect(first[10]).toBe(BigInt(records[0][10]));
    const nodata = items.findIndex((i) => i.values[13] === 'NODATA' || i.values[13] === 'SKIPDATA');
    expect(nodata).toBeGreaterThan(-1);
    expect(items[nodata].values[5]).toBeNull();
  });
});

describe('CloudTrail data', () => {
  it('is a {"Records":[…]} gzip document with about 10% sign-in and role events', async () => {
    const path = join(dir, 'trail.json.gz');
    const { authEvents, jsonBytes } = await writeCloudTrail(path, 2000);
    const json = gunzipSync(readFileSync(path));
    expect(json.length).toBe(jsonBytes);
    const { Records } = JSON.parse(json.toString('utf8'));
    expect(Records).toHaveLength(2000);
    expect(authEvents / 2000).toBeGreaterThan(0.07);
    expect(authEvents / 2000).toBeLessThan(0.13);
    expect(new Set(Records.map((e) => e.eventName))).toContain('ConsoleLogin');
    expect([...cloudTrailEvents(3)]).toEqual(Records.slice(0, 3));
  });
});

describe('median', () => {
  it('is the middle value, the lower middle for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });
});
