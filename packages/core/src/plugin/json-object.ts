/**
 * The front of every translator whose source writes JSON objects (CloudTrail, Route 53 Resolver query logs):
 * a record from a text, CSV or Parquet reader, or a JSON value that is not an object, is rejected before any
 * mapping, each with the plugin's own code and text.
 */
import { rejected } from './define.js';
import type { Outcome, RawRecord, ReasonCode, RecordContext, Translator } from './types.js';

/** A record's JSON object, as the mapping reads it. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The code and text of a reject. */
export interface RejectText {
  readonly code: ReasonCode;
  readonly reason: string;
}

export interface JsonObjectRejects {
  /** A text, CSV or Parquet row (the source is JSON: say which `--input-format` to use). */
  readonly notJson: RejectText;
  /** A JSON value that is not an object: an array, a string, a number, a boolean or null. */
  readonly notObject: RejectText;
}

/**
 * A translator that hands each record's JSON object to `translate` and rejects anything else with the
 * outcomes `rejects` names. Those two outcomes are made once and frozen: rejecting allocates nothing.
 *
 * ```ts
 * createTranslator: () =>
 *   jsonObjectTranslator(
 *     { notJson: { code: 'acme/not-json', reason: '…' }, notObject: { code: 'acme/not-an-object', reason: '…' } },
 *     (raw, ctx) => translateAcme(raw, ctx),
 *   ),
 * ```
 */
export function jsonObjectTranslator(
  rejects: JsonObjectRejects,
  translate: (object: JsonObject, ctx: RecordContext) => Outcome,
): Translator {
  const notJson: Outcome = Object.freeze(rejected(rejects.notJson.code, rejects.notJson.reason));
  const notObject: Outcome = Object.freeze(rejected(rejects.notObject.code, rejects.notObject.reason));
  return {
    translate(record: RawRecord, ctx: RecordContext): Outcome {
      if (record.kind !== 'json') return notJson;
      const value = record.value;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return notObject;
      return translate(value as JsonObject, ctx);
    },
  };
}
