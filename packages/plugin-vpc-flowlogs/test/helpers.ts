/** Test helpers: RowRecords built directly, as core's readers would produce them. */
import { readFileSync } from 'node:fs';
import { type CellValue, JsonBytes, type OcsfEvent, type Outcome, type RowRecord, type Translator } from '@ocsfx/core';
import { expect } from 'vitest';

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

/** Encodes the outcome's event right after translate, as the writers do; counts what the encoder took. */
export function checkEncoder(
  translator: Translator,
  outcome: Outcome,
  tally: { encoded: number; refused: number },
): void {
  if (outcome.kind !== 'emitted') return;
  const encode = translator.encodeJson;
  if (encode === undefined) throw new Error('the VPC translator offers an encoder');
  for (const event of outcome.events) {
    const out = new JsonBytes(Buffer.alloc(64));
    if (encode(event, out)) {
      tally.encoded++;
      expect(out.buffer.subarray(0, out.length).toString('utf8')).toBe(JSON.stringify(event));
      expect(out.length).toBe(Buffer.byteLength(JSON.stringify(event)));
    } else {
      tally.refused++;
      expect(out.length).toBe(0);
    }
  }
}
