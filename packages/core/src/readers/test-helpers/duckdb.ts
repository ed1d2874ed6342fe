import { DuckDBInstance } from '@duckdb/node-api';

/** Runs `sql` in a fresh in-memory DuckDB and returns its rows (none for `COPY … TO`), as JS values. */
export async function duckdbRows(sql: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowsJS() as unknown[][];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
