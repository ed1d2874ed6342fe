/**
 * Auto-detection: how sure we are that a sample is VPC Flow Logs, from field names first (header line,
 * CSV header, Parquet schema) and, for headerless records (CloudWatch Logs), from records that fit the
 * AWS default format. JSON documents other than CloudWatch `message` lines (CloudTrail) score 0.
 */
import { type CellValue, type InputSample, isIpAddress, type RowRecord } from '@ocsfx/core';
import { lookupField } from './fields.js';
import { DEFAULT_LAYOUT, isVpcHeader } from './vpc-format.js';

export function detectVpcFlowLogs(sample: InputSample): number {
  const rows: RowRecord[] = [];
  for (const record of sample.records) if (record.kind === 'row') rows.push(record);
  const withColumns = rows.find((row) => row.columns !== null);
  if (withColumns?.columns) return columnsScore(withColumns.columns);
  if (rows.length > 0) return headlessScore(rows);
  // No records parsed (an empty file with a header only, or a sample cut short): look at the first line.
  if (sample.format === 'text' || sample.format === 'csv') {
    const line = firstLine(sample.head);
    const tokens = line.split(sample.format === 'csv' ? ',' : /\s+/).filter((t) => t !== '');
    if (isVpcHeader(tokens)) return columnsScore(tokens);
  }
  return 0;
}

/** Share of column names that are VPC Flow Logs fields. */
function columnsScore(columns: readonly string[]): number {
  if (columns.length === 0) return 0;
  let known = 0;
  for (const name of columns) if (lookupField(String(name)) !== undefined) known++;
  const share = known / columns.length;
  if (known >= 2 && share >= 0.8) return 0.95;
  if (known >= 2 && share >= 0.5) return 0.8;
  if (known >= 3) return 0.4;
  return 0;
}

const ACTIONS = new Set(['ACCEPT', 'REJECT', '-']);
const STATUSES = new Set(['OK', 'NODATA', 'SKIPDATA']);

/** Records without a header: the AWS default format, or something that looks like a custom format. */
function headlessScore(rows: readonly RowRecord[]): number {
  let defaults = 0;
  let vpcLike = 0;
  for (const row of rows) {
    if (fitsDefaultFormat(row.values)) defaults++;
    else if (looksLikeCustomRecord(row.values)) vpcLike++;
  }
  if (defaults === rows.length) return 0.9;
  // Custom formats need --vpc-format; still say "VPC" so the user gets that advice, not "unknown source".
  if (defaults + vpcLike === rows.length) return 0.6;
  return (defaults + vpcLike) / rows.length >= 0.5 ? 0.5 : 0;
}

function fitsDefaultFormat(values: readonly CellValue[]): boolean {
  if (values.length !== DEFAULT_LAYOUT.names.length || values[0] !== '2') return false;
  const src = values[3];
  const action = values[12];
  const status = values[13];
  return (
    typeof src === 'string' &&
    (src === '-' || isIpAddress(src)) &&
    typeof action === 'string' &&
    ACTIONS.has(action) &&
    typeof status === 'string' &&
    STATUSES.has(status)
  );
}

/** A version 2–8 first, and an action or log status token somewhere. */
function looksLikeCustomRecord(values: readonly CellValue[]): boolean {
  const first = values[0];
  if (typeof first !== 'string' || first.length !== 1 || first < '2' || first > '8') return false;
  for (const value of values)
    if (typeof value === 'string' && (STATUSES.has(value) || value === 'ACCEPT' || value === 'REJECT')) return true;
  return false;
}

function firstLine(head: string): string {
  for (const line of head.split('\n', 20)) if (line.trim() !== '') return line.trim();
  return '';
}
