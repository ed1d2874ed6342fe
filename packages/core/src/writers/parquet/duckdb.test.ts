import { mkdtempSync, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParquetWriter } from './writer.js';

/** The dossiers' expected events: Security Lake's own mapping, one per class and version. */
const SAMPLES = [
  'cloudtrail_consolelogin_success.ocsf-1.0.0-rc.2.expected.json',
  'cloudtrail_consolelogin_success.ocsf-1.1.0.expected.json',
  'vpcflow_v5_reject.ocsf-1.1.0.expected.json',
];

/**
 * A second reader checks the files: DuckDB must see the struct fields, the MAP and the LIST elements.
 * Queries: `SELECT class_uid, count(*) … GROUP BY class_uid`, `src_endpoint.ip`, `unmapped['<key>']`
 * and `observables[1].value` / `unnest(observables)`.
 */
describe.skipIf(!hasShared)('Parquet output read by DuckDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-duckdb-'));
  const events = SAMPLES.map((name) => JSON.parse(readFileSync(shared('dossiers', 'samples', name), 'utf8')));
  let files: string[] = [];

  beforeAll(async () => {
    const writer = createParquetWriter({ dir });
    // Ten copies of each sample, so counts are not all 1.
    for (let i = 0; i < 10; i++) for (const e of events) await writer.write(e);
    await writer.close();
    files = (await readdir(dir)).filter((f) => f.endsWith('.gz.parquet')).map((f) => join(dir, f));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function query(sql: string): Promise<unknown[][]> {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowsJS() as unknown[][];
    } finally {
      conn.closeSync();
    }
  }

  const all = () => `read_parquet([${files.map((f) => `'${f}'`).join(', ')}], union_by_name = true)`;

  it('counts events by class across the files (one file per class and version)', async () => {
    expect(files).toHaveLength(3);
    const rows = await query(`SELECT class_uid, count(*) FROM ${all()} GROUP BY class_uid ORDER BY class_uid`);
    expect(rows).toEqual([
      [3002, 20n],
      [4001, 10n],
    ]);
  });

  it('reads struct fields, MAP values and LIST elements', async () => {
    const vpc = events[2] as Record<string, unknown>;
    const file = files.find((f) => f.includes('4001-')) as string;
    const rows = await query(
      `SELECT src_endpoint.ip, dst_endpoint.port, cloud.account.uid, time, observables[1].name, observables[1].value, len(observables)
       FROM read_parquet('${file}') LIMIT 1`,
    );
    const observables = vpc['observables'] as { name: string; value: string }[];
    expect(rows[0]).toEqual([
      (vpc['src_endpoint'] as { ip: string }).ip,
      (vpc['dst_endpoint'] as { port: number }).port,
      '123456789012',
      BigInt(vpc['time'] as number),
      observables[0]?.name,
      observables[0]?.value,
      BigInt(observables.length),
    ]);
    const unnested = await query(
      `SELECT o.type_id, count(*) FROM (SELECT unnest(observables) AS o FROM read_parquet('${file}')) GROUP BY 1 ORDER BY 1`,
    );
    expect(unnested.length).toBeGreaterThan(0);
    expect(unnested.map((r) => r[0])).toContain(2);
  });

  it("reads unmapped as MAP(VARCHAR, VARCHAR) with AWS's dotted keys", async () => {
    const auth = events[1] as { unmapped: Record<string, unknown> };
    const [key, value] = Object.entries(auth.unmapped)[0] as [string, unknown];
    const types = await query(
      `SELECT typeof(unmapped), typeof(time_dt), typeof(class_uid) FROM ${all()} WHERE metadata.version = '1.1.0' LIMIT 1`,
    );
    expect(types[0]).toEqual(['MAP(VARCHAR, VARCHAR)', 'TIMESTAMP WITH TIME ZONE', 'INTEGER']);
    const rows = await query(
      `SELECT unmapped['${key}'] FROM ${all()} WHERE class_uid = 3002 AND metadata.version = '1.1.0' LIMIT 1`,
    );
    expect(rows[0]?.[0]).toBe(typeof value === 'string' ? value : JSON.stringify(value));
  });
});
