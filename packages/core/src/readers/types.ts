import type { InputFormat, RawRecord, RecordLocation, TextInputHints } from '../plugin/types.js';

/**
 * A record the reader itself could not turn into a RawRecord (an NDJSON line that is not JSON, a line
 * over the length limit), or one it recognised as not data (a CloudWatch CONTROL_MESSAGE, a comment
 * line). Counted by the pipeline like a translator outcome; rejected ones go to the rejects sink.
 */
export interface ReaderIssue {
  kind: 'issue';
  outcome: 'skipped' | 'rejected';
  code: string;
  reason: string;
  location: RecordLocation;
  /** The raw text of the record, truncated to a sensible size, for the rejects sink. */
  raw?: string;
}

export type ReaderItem = RawRecord | ReaderIssue;

export interface ReadOptions {
  /** Force a record format instead of sniffing it. */
  format?: InputFormat;
  /**
   * Longest text or CSV line accepted (default 1 MiB; longer lines become `reader/line-too-long` rejects), and
   * for JSON the longest value held whole (default `JSON_DOCUMENT_LIMIT`; longer ones become `json/too-large`).
   */
  maxLineLength?: number;
  /** Plugin hints for space-separated text. */
  text?: TextInputHints;
  /**
   * Parquet records as `rows` (default: RowRecords of top-level cells, nested columns as JSON text) or as
   * `json` (JsonRecords holding each row as a nested JSON object, e.g. OCSF events written as Parquet).
   */
  parquet?: 'rows' | 'json';
  /**
   * Space-separated text rows with their fields split (`fields`, the default), or only their `text` with
   * `values` left empty (`lines`: for a caller that splits them elsewhere, as `translateInputSplit` hands
   * the lines to worker threads). Headers, comments and repeated headers are found either way.
   */
  textRows?: 'fields' | 'lines';
}

/**
 * An error that stops reading one input (cannot open it, truncated gzip, corrupt Parquet footer).
 * Records read before it still count. The message says what, where and what to do.
 */
export class InputError extends Error {
  readonly file: string;
  readonly code: string;
  constructor(code: string, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
    this.code = code;
    this.file = file;
  }
}
