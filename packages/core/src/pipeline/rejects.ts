import { setOwn } from '../ocsf/own.js';
import type { RawRecord, RecordLocation } from '../plugin/types.js';
import type { EventWriter } from '../writers/json-writers.js';

/** What the rejects sink receives: where, why, and the raw record as read. */
export interface RejectEntry {
  location: RecordLocation;
  code: string;
  reason: string;
  field?: string;
  raw: unknown;
}

/** The raw form of a record for the rejects sink: the original line when there is one. */
export function rawOf(record: RawRecord): unknown {
  if (record.kind === 'json') return record.value;
  if (record.text !== undefined) return record.text;
  if (record.columns) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < record.values.length; i++) {
      const v = record.values[i];
      setOwn(out, record.columns[i] ?? `#${i + 1}`, typeof v === 'bigint' ? v.toString() : v);
    }
    return out;
  }
  return record.values.map((v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** "file:line" (or row / index) for messages. */
export function formatLocation(loc: RecordLocation): string {
  if (loc.line !== undefined) return `${loc.file}:${loc.line}${loc.index !== undefined ? ` [${loc.index}]` : ''}`;
  if (loc.row !== undefined) return `${loc.file} row ${loc.row}`;
  if (loc.index !== undefined) return `${loc.file} [${loc.index}]`;
  return loc.file;
}

export type RejectsWriter = Pick<EventWriter, 'write'>;

export function writeReject(sink: RejectsWriter, entry: RejectEntry): Promise<void> | undefined {
  return sink.write(entry as unknown as Record<string, unknown>);
}
