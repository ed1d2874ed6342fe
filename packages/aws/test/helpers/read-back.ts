/** Reading the lake bucket back with awscli (`s3 cp --recursive`), and its files as events. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { aws } from './aws-cli.js';

export interface Downloaded {
  dir: string;
  /** Paths relative to `dir`, `/`-separated, sorted. */
  files: string[];
  remove(): void;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

export async function download(endpoint: string, uri: string): Promise<Downloaded> {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-readback-'));
  await aws(endpoint, ['s3', 'cp', uri, dir, '--recursive', '--only-show-errors']);
  return {
    dir,
    files: walk(dir)
      .map((f) => relative(dir, f).split('\\').join('/'))
      .sort(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function readJsonlGz(path: string): Record<string, unknown>[] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every row of the Parquet files as JSON, by DuckDB (`to_json` of each row; union of the files' columns). */
export async function duckdbRows(files: readonly string[]): Promise<unknown[]> {
  if (files.length === 0) return [];
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
    const reader = await conn.runAndReadAll(
      `SELECT to_json(t)::VARCHAR FROM read_parquet([${list}], union_by_name = true) t`,
    );
    return (reader.getRowsJS() as string[][]).map((r) => JSON.parse(r[0] as string));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
