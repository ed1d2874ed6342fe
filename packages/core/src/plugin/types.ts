/**
 * The translator plugin contract. A plugin is a plain object made with `definePlugin`; core never
 * extends or mutates it. `PLUGIN_API_VERSION` moves together with core's major version.
 */

/** The version of this contract. A plugin built for another version is refused by the registry. */
import type { JsonEncoder } from '../writers/json-bytes.js';

export const PLUGIN_API_VERSION = 1 as const;
export type PluginApiVersion = typeof PLUGIN_API_VERSION;

/** Record formats core can read. */
export type InputFormat = 'text' | 'csv' | 'parquet' | 'json';
export const INPUT_FORMATS: readonly InputFormat[] = ['text', 'csv', 'parquet', 'json'];

/** Where a record came from, for error messages and the rejects sink. All numbers are 1-based. */
export interface RecordLocation {
  /** File path as given by the user, or `<stdin>`. */
  file: string;
  /** Line number (text, CSV, NDJSON). */
  line?: number;
  /** Row number (Parquet). */
  row?: number;
  /** Element index inside a JSON envelope (`Records[i]`, array element, log event). 0-based. */
  index?: number;
}

/** A value in a tabular record: text and CSV give strings, Parquet gives typed values. */
export type CellValue = string | number | bigint | boolean | null;

/**
 * A tabular record (space-separated text, CSV, Parquet). `columns` is shared by every row of the same
 * file, so a translator can compute its field layout once per `columns` array (identity) and reuse it.
 * `columns` is null when the input has no header (for example CloudWatch Logs records); the plugin then
 * takes the names from a declared format.
 */
export interface RowRecord {
  kind: 'row';
  columns: readonly string[] | null;
  values: readonly CellValue[];
  location: RecordLocation;
  /** The original text line, when there is one (kept for the rejects sink). */
  text?: string;
}

/** A JSON value (an element of `{"Records":[…]}`, an NDJSON line, an EventBridge `detail`, …). */
export interface JsonRecord {
  kind: 'json';
  value: unknown;
  location: RecordLocation;
}

export type RawRecord = RowRecord | JsonRecord;

/** An OCSF event: a JSON object. The typed model in `ocsf/` describes the classes core knows. */
export type OcsfEvent = Record<string, unknown>;

/** A stable, grep-able code for a per-record problem, e.g. `vpc/invalid-port`. */
export type ReasonCode = string;

export interface EmittedOutcome {
  kind: 'emitted';
  events: OcsfEvent[];
  /**
   * Optional tag for a kind of record worth counting apart in the run's stats, e.g. `vpc/nodata` for flow
   * log records that report no traffic. Tagged records are still emitted records.
   */
  code?: ReasonCode;
}
/** Not this plugin's business (a non-authentication CloudTrail event); counted, not an error. */
export interface SkippedOutcome {
  kind: 'skipped';
  code: ReasonCode;
  reason: string;
}
/** Malformed input: the raw record and this reason go to the rejects sink. */
export interface RejectedOutcome {
  kind: 'rejected';
  code: ReasonCode;
  reason: string;
  /** The raw field that caused the rejection, when one did. */
  field?: string;
}
export type Outcome = EmittedOutcome | SkippedOutcome | RejectedOutcome;

export interface RecordContext {
  /** Where the record came from. Same as `record.location`; kept for symmetry with readers. */
  location: RecordLocation;
  /** The format the input was read as (OCSF 1.8.0's `metadata.log_format`), when the caller knows it. */
  format?: InputFormat;
}

export interface Translator {
  /** One raw record in: events out, or a reason it was skipped or rejected. Never throws for bad data. */
  translate(record: RawRecord, ctx: RecordContext): Outcome;
  /**
   * Optional, for speed: writes an event this translator returned as JSON bytes, exactly the UTF-8 of
   * `JSON.stringify(event)`, or returns false for an event it does not encode. The JSON writers call it
   * (as a plain function) instead of `JSON.stringify`; events are still the objects `translate` returns.
   */
  encodeJson?: JsonEncoder;
}

/** A plugin-specific command-line option, e.g. `--vpc-format`. The CLI adds these dynamically. */
export interface PluginOption {
  /** Long flag name without dashes, kebab-case, prefixed by something plugin-specific (`vpc-format`). */
  name: string;
  description: string;
  /** `string` takes a value, `boolean` is a switch. */
  type: 'string' | 'boolean';
}

export interface TranslatorOptions {
  /** Target OCSF version; one of `plugin.ocsf.versions`. */
  ocsfVersion: string;
  /** Values of the plugin's declared options, keyed by `PluginOption.name`. */
  options: Readonly<Record<string, string | boolean | undefined>>;
}

/** What auto-detection shows a plugin: the first bytes and first records of an input. */
export interface InputSample {
  /** File path or `<stdin>`. */
  file: string;
  format: InputFormat;
  /** Up to 64 KiB of decompressed text (empty for Parquet). */
  head: string;
  /** The first records the reader produced (at most 20). */
  records: readonly RawRecord[];
}

export interface OcsfClassInfo {
  /** The class the plugin emits (its main class, when it emits several). */
  classUid: number;
  className: string;
  /**
   * Further classes the plugin emits, e.g. Account Change (3001) beside API Activity (6003) for CloudTrail.
   * With these, `--validate` checks each event against the class its own `class_uid` names, which must be
   * `classUid` or one of these.
   */
  otherClasses?: readonly { classUid: number; className: string }[];
  /** OCSF versions the plugin can emit. */
  versions: readonly string[];
  defaultVersion: string;
}

export interface TextInputHints {
  /**
   * Whether the tokens of the first data line are a header naming the fields. Defaults to core's
   * heuristic (`looksLikeHeader`).
   */
  isHeader?(tokens: readonly string[]): boolean;
}

export interface Plugin {
  /** Stable kebab-case id, unique across the ecosystem. */
  id: string;
  title: string;
  apiVersion: PluginApiVersion;
  ocsf: OcsfClassInfo;
  /** Record formats the plugin can translate. */
  inputs: readonly InputFormat[];
  /** Extra command-line options for `ocsfx translate`. */
  options?: readonly PluginOption[];
  /** Reader hints for text input. */
  text?: TextInputHints;
  /** Confidence 0..1 that the sample is this plugin's source. */
  detect(sample: InputSample): number;
  createTranslator(options: TranslatorOptions): Translator;
}
