import type { OcsfEvent, Outcome, RecordContext, Translator } from '../plugin/types.js';
import type { OpenedInput } from '../readers/index.js';
import type { ReadOptions } from '../readers/types.js';
import type { JsonEncoder } from '../writers/json-bytes.js';
import type { EventWriter } from '../writers/json-writers.js';
import { ParquetEncodeError } from '../writers/parquet/encode.js';
import { type EventCheck, firstProblem } from './claimants.js';
import { type RejectsWriter, rawOf, writeReject } from './rejects.js';
import { Stats } from './stats.js';

export interface TranslateInputOptions {
  input: OpenedInput;
  translator: Translator;
  writer: Pick<EventWriter, 'write'>;
  /** Where rejected records go. Without one they are still counted. */
  rejects?: RejectsWriter;
  /** With `--validate`: an invalid event turns its record into an `ocsf/invalid` reject. */
  check?: EventCheck;
  readOptions?: ReadOptions;
}

/**
 * Streams one input through a translator into a writer, with back-pressure, counting every record.
 * Returns the file's stats; an InputError (truncated gzip, …) propagates after the records before it
 * were written and counted — the caller reports it and marks the file failed.
 */
export async function translateInput(options: TranslateInputOptions, stats = new Stats()): Promise<Stats> {
  const { input, translator, writer, rejects, check } = options;
  const ctx: RecordContext = { location: { file: input.file }, format: input.format };
  const encode = translator.encodeJson;
  stats.files++;
  try {
    for await (const batch of input.records(options.readOptions)) {
      for (const item of batch) {
        stats.recordsIn++;
        if (item.kind === 'issue') {
          if (item.outcome === 'skipped') {
            stats.skip(item.code);
          } else {
            stats.reject(item.code);
            if (rejects) {
              const p = writeReject(rejects, {
                location: item.location,
                code: item.code,
                reason: item.reason,
                raw: item.raw ?? null,
              });
              if (p) await p;
            }
          }
          continue;
        }
        ctx.location = item.location;
        let outcome: Outcome;
        try {
          outcome = translator.translate(item, ctx);
        } catch (err) {
          // A translator must not throw for bad data; if one does, the record is rejected, not the run.
          outcome = {
            kind: 'rejected',
            code: 'plugin/exception',
            reason: `the plugin failed on this record: ${(err as Error)?.message ?? String(err)}`,
          };
        }
        if (outcome.kind === 'emitted') {
          const problem = check ? firstProblem(outcome.events, check) : undefined;
          if (problem !== undefined) {
            outcome = { kind: 'rejected', code: 'ocsf/invalid', reason: problem };
          } else {
            let unwritable = writeEvents(writer, outcome.events, encode);
            if (unwritable instanceof Promise) unwritable = await unwritable;
            if (unwritable === undefined) {
              stats.emittedRecords++;
              stats.events += outcome.events.length;
              if (outcome.code !== undefined) stats.tagEmitted(outcome.code);
              continue;
            }
            // The writer cannot take this event (Parquet: no column for it, no source for its class): the
            // record is rejected; events of it written before stay counted, as they are in the output.
            stats.events += unwritable.written;
            outcome = { kind: 'rejected', code: unwritable.error.code, reason: unwritable.error.message };
          }
        }
        if (outcome.kind === 'skipped') {
          stats.skip(outcome.code);
          continue;
        }
        stats.reject(outcome.code);
        if (rejects) {
          const entry = { location: item.location, code: outcome.code, reason: outcome.reason, raw: rawOf(item) };
          const p = writeReject(rejects, outcome.field === undefined ? entry : { ...entry, field: outcome.field });
          if (p) await p;
        }
      }
    }
  } catch (err) {
    stats.failedFiles++;
    throw err;
  } finally {
    stats.bytesIn += input.bytesRead();
  }
  return stats;
}

type Unwritable = { error: ParquetEncodeError; written: number };

/**
 * Writes a record's events; a ParquetEncodeError thrown by `write` (it checks an event before it keeps
 * any of it) ends the record there and is returned with the number of its events written before. A
 * promise only when a write asks the caller to wait (a promise and a microtask turn per record cost a
 * few percent of a VPC run).
 */
function writeEvents(
  writer: Pick<EventWriter, 'write'>,
  events: readonly OcsfEvent[],
  encode: JsonEncoder | undefined,
  from = 0,
): Unwritable | undefined | Promise<Unwritable | undefined> {
  for (let i = from; i < events.length; i++) {
    let p: Promise<void> | undefined;
    try {
      p = writer.write(events[i] as OcsfEvent, encode);
    } catch (err) {
      if (err instanceof ParquetEncodeError) return { error: err, written: i };
      throw err;
    }
    if (p) return p.then(() => writeEvents(writer, events, encode, i + 1));
  }
  return undefined;
}
