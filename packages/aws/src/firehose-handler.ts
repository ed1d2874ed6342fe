import { Readable, Writable } from 'node:stream';
import {
  chainTranslators,
  createJsonlWriter,
  InputError,
  type OcsfEvent,
  openStream,
  partitionOf,
  type RejectEntry,
  Stats,
  translateInput,
} from '@ocsfx/core';
import { sourceNameFor } from './config.js';
import type { FirehoseEvent, FirehoseResult, FirehoseResultRecord } from './lambda-types.js';
import { metricLine } from './metrics.js';
import { choosePlugins } from './plugins.js';
import { createRuntime, type Runtime, type RuntimeOptions, translatorFor } from './runtime.js';
import { putBytes, S3Counters } from './s3-io.js';
import { objectId } from './s3-names.js';

export type FirehoseHandler = (event: FirehoseEvent) => Promise<FirehoseResult>;

/** Longest reason put in a ProcessingFailed record's metadata. */
const MAX_REASON = 512;

/** Collects what a JSONL writer writes. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.chunks.push(chunk);
    done();
  }
  text(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

interface RecordOutcome {
  result: FirehoseResultRecord;
  rejects: RejectEntry[];
}

/**
 * The Kinesis Data Firehose transformation handler: each record's data (raw log lines, a CloudWatch Logs
 * subscription batch, gzip or not) is translated on its own, and gets exactly one result — `Ok` with its
 * events as JSONL in `data` (and the partition keys `region`, `accountId`, `eventDay` when its events share
 * one, for dynamic partitioning), `Dropped` when every record in it was skipped, `ProcessingFailed` (the
 * original data, the reason code and text in `metadata.partitionKeys`) when nothing in it could be
 * translated. Rejects of records that also had events go, with every other reject, to one JSONL object per
 * invocation in the rejects prefix.
 */
export function createFirehoseHandler(options: RuntimeOptions | { runtime: Runtime }): FirehoseHandler {
  const runtime = 'runtime' in options ? options.runtime : createRuntime(options);
  return async (event) => {
    const stats = new Stats();
    const counters = new S3Counters();
    const outcomes: RecordOutcome[] = [];
    for (const record of event.records)
      outcomes.push(await transformRecord(runtime, record.recordId, record.data, stats));
    stats.finish();
    const rejects = outcomes.flatMap((o) => o.rejects);
    let rejectsUri: string | undefined;
    let bytesOut = 0;
    const first = runtime.registry.get([...runtime.translators.keys()][0] ?? '');
    const sourceName = first ? sourceNameFor(runtime.config.sourceNames, first.ocsf.classUid) : undefined;
    if (rejects.length > 0) {
      const id = objectId('firehose', event.deliveryStreamArn ?? '', event.invocationId ?? String(Date.now()));
      const key = `${runtime.config.rejectsPrefix}${sourceName ?? 'firehose'}/${id}.rejects.jsonl`;
      const body = Buffer.from(rejects.map((r) => `${JSON.stringify(r)}\n`).join(''));
      bytesOut += await putBytes(runtime.s3, runtime.config.outputBucket, key, body, 'application/x-ndjson', counters);
      rejectsUri = `s3://${runtime.config.outputBucket}/${key}`;
    }
    const records = outcomes.map((o) => o.result);
    runtime.log(
      metricLine({
        object: `firehose:${event.deliveryStreamArn ?? 'unknown'}/${event.invocationId ?? ''}`,
        plugin: undefined,
        sourceName,
        outcome: 'translated',
        stats: stats.snapshot(),
        outputs: [],
        rejects: rejectsUri,
        bytesOut: bytesOut + records.reduce((n, r) => n + (r.result === 'Ok' ? r.data.length : 0), 0),
        s3: { requests: counters.requests, retries: counters.retries },
      }),
    );
    return { records };
  };
}

function failed(recordId: string, data: string, code: string, reason: string): FirehoseResultRecord {
  return {
    recordId,
    result: 'ProcessingFailed',
    data,
    metadata: { partitionKeys: { ocsfx_code: code, ocsfx_reason: reason.slice(0, MAX_REASON) } },
  };
}

async function transformRecord(runtime: Runtime, recordId: string, data: string, total: Stats): Promise<RecordOutcome> {
  const name = `firehose:${recordId}`;
  const stats = new Stats();
  const rejects: RejectEntry[] = [];
  const input = await openStream(name, Readable.from([Buffer.from(data, 'base64')]));
  try {
    const plugins = choosePlugins(runtime.registry, runtime.config.pluginIds, await input.sample());
    if (!Array.isArray(plugins)) {
      total.files++;
      total.failedFiles++;
      return { result: failed(recordId, data, plugins.code, plugins.message), rejects };
    }
    const translator = chainTranslators(plugins.map((p) => translatorFor(runtime, p)));
    const out = new Collector();
    const writer = await createJsonlWriter({ stream: out, name });
    const partitions = new Set<string>();
    let first: OcsfEvent | undefined;
    const collecting = {
      write(event: OcsfEvent) {
        first ??= event;
        const p = partitionOf(event);
        partitions.add(`${p.region}|${p.accountId}|${p.eventDay}`);
        return writer.write(event);
      },
    };
    const rejectSink = {
      write(entry: Record<string, unknown>) {
        rejects.push(entry as unknown as RejectEntry);
        return undefined;
      },
    };
    let readError: InputError | undefined;
    try {
      await translateInput(
        { input, translator, writer: collecting, rejects: rejectSink, readOptions: { text: plugins[0]?.text } },
        stats,
      );
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      readError = err;
    }
    await writer.close();
    total.merge(stats.snapshot());
    if (stats.events > 0) {
      const result: FirehoseResultRecord = { recordId, result: 'Ok', data: out.text().toString('base64') };
      if (partitions.size === 1 && first) {
        const p = partitionOf(first);
        result.metadata = { partitionKeys: { region: p.region, accountId: p.accountId, eventDay: p.eventDay } };
      }
      if (readError)
        rejects.push({ location: { file: name }, code: readError.code, reason: readError.message, raw: null });
      return { result, rejects };
    }
    if (readError) return { result: failed(recordId, data, readError.code, readError.message), rejects: [] };
    if (stats.rejected > 0) {
      const [code] = [...stats.rejectedByReason.keys()];
      const reason = rejects[0]?.reason ?? 'rejected';
      // The original data goes to Firehose's error output; the reject entries would repeat it.
      return { result: failed(recordId, data, code ?? 'rejected', reason), rejects: [] };
    }
    return { result: { recordId, result: 'Dropped', data }, rejects: [] };
  } finally {
    await input.close();
  }
}
