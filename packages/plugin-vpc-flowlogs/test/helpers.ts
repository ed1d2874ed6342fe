/** Test helpers: RowRecords built directly, as core's readers would produce them. */
import { readFileSync } from 'node:fs';
import type { CellValue, OcsfEvent, Outcome, RowRecord } from '@ocsfx/core';

/** A header + rows CSV without quoting (the dossier samples), split by hand. */
export function csvRows(text: string, file = 'test.csv'): RowRecord[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const columns = (lines[0] ?? '').split(',');
  return lines.slice(1).map((line, i) => ({
    kind: 'row',
    columns,
    values: line.split(','),
    location: { file, line: i + 2 },
  }));
}

export function csvFile(path: string): RowRecord[] {
  return csvRows(readFileSync(path, 'utf8'), path);
}

/** One space-separated record with the given columns (null = no header). */
export function row(columns: readonly string[] | null, values: readonly CellValue[], text?: string): RowRecord {
  return { kind: 'row', columns, values, location: { file: 'test.log', line: 1 }, ...(text ? { text } : {}) };
}

export function textRow(columns: readonly string[] | null, line: string): RowRecord {
  return row(columns, line.trim().split(/\s+/), line);
}

/** The one event of an emitted outcome; fails the test otherwise. */
export function only(outcome: Outcome): OcsfEvent {
  if (outcome.kind !== 'emitted') throw new Error(`expected an event, got ${JSON.stringify(outcome)}`);
  if (outcome.events.length !== 1) throw new Error(`expected one event, got ${outcome.events.length}`);
  return outcome.events[0] as OcsfEvent;
}

export const ctx = { location: { file: 'test.log' } };
