import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chainTranslators,
  createJsonlWriter,
  InputError,
  type Plugin,
  Stats,
  type StatsSnapshot,
  translateInput,
} from '@ocsfx/core';
import { sourceNameFor } from './config.js';
import { choosePlugins } from './plugins.js';
import { type Runtime, translatorFor } from './runtime.js';
import { contentTypeOf, type OpenedObject, openObject, putFile, S3Counters } from './s3-io.js';
import { type ObjectRef, objectId, s3Uri } from './s3-names.js';
import { stageByClass } from './staging.js';

/** What translating one S3 object did: the figures of the log line, and whether its message failed. */
export interface ObjectResult {
  /** `s3://bucket/key`. */
  object: string;
  /** The plugin ids that translated it, comma-separated (several when they shared its records). */
  plugin: string | undefined;
  /** The Security Lake custom source the events went to (undefined when no plugin was chosen). */
  sourceName: string | undefined;
  /** `failed` when the object could not be read or translated to the end; its message is retried. */
  outcome: 'translated' | 'failed';
  error?: { code: string; message: string };
  stats: StatsSnapshot;
  /** `s3://` URIs of the OCSF objects written. */
  outputs: string[];
  /** `s3://` URI of the rejects object, when there were rejects. */
  rejects: string | undefined;
  bytesOut: number;
  s3: { requests: number; retries: number };
}

/** The key of an output file: its partition, the source object's id, and its number within the partition. */
function outputKey(prefix: string, partitionDir: string, id: string, n: number, extension: string): string {
  return `${prefix}${partitionDir}/${id}-${n}${extension}`;
}

function errorCode(err: unknown): string {
  if (err instanceof InputError) return err.code;
  const name = (err as { name?: unknown })?.name;
  return typeof name === 'string' && name !== 'Error' ? `s3/${name}` : 'aws/error';
}

/**
 * Translates one S3 object into the Security Lake layout of the output bucket, and its rejects into the
 * rejects prefix. Output keys come from the object's identity, so running it again (a retried message)
 * overwrites the same objects. A read error part-way (a truncated gzip object) keeps and uploads what was
 * read before it, and the result is `failed`. Errors of the output bucket propagate.
 */
export async function processObject(runtime: Runtime, ref: ObjectRef): Promise<ObjectResult> {
  const { config, s3 } = runtime;
  const sourceFor = (classUid: number) => sourceNameFor(config.sourceNames, classUid) as string;
  const counters = new S3Counters();
  const stats = new Stats();
  const result = (partial: Partial<ObjectResult> & Pick<ObjectResult, 'object'>): ObjectResult => {
    stats.finish();
    return {
      plugin: undefined,
      sourceName: undefined,
      outcome: partial.error ? 'failed' : 'translated',
      stats: stats.snapshot(),
      outputs: [],
      rejects: undefined,
      bytesOut: 0,
      s3: { requests: counters.requests, retries: counters.retries },
      ...partial,
    };
  };
  const failed = (object: string, err: unknown, plugin?: string) =>
    result({ object, plugin, error: { code: errorCode(err), message: (err as Error).message ?? String(err) } });

  let opened: OpenedObject;
  try {
    opened = await openObject(s3, ref, counters);
  } catch (err) {
    stats.files++;
    stats.failedFiles++;
    return failed(s3Uri(ref.bucket, ref.key), err);
  }
  const object = s3Uri(ref.bucket, opened.key);
  const temp = await mkdtemp(join(tmpdir(), 'ocsfx-aws-'));
  try {
    const { input } = opened;
    const plugins = choosePlugins(runtime.registry, config.pluginIds, await input.sample());
    if (!Array.isArray(plugins)) {
      stats.files++;
      stats.failedFiles++;
      return result({ object, error: { code: plugins.code, message: plugins.message } });
    }
    const lead = plugins[0] as Plugin;
    const sourceName = sourceFor(lead.ocsf.classUid);
    // Each record goes to the plugins in turn until one does not skip it, as in the CLI.
    const translator = chainTranslators(plugins.map((p) => translatorFor(runtime, p)));
    const output = stageByClass(join(temp, 'out'), config.format, sourceFor);
    const rejectsPath = join(temp, 'rejects.jsonl');
    const rejects = await createJsonlWriter(rejectsPath);
    let readError: InputError | undefined;
    try {
      await translateInput({ input, translator, writer: output, rejects, readOptions: { text: lead.text } }, stats);
    } catch (err) {
      if (!(err instanceof InputError)) {
        await output.abort();
        await rejects.abort();
        throw err;
      }
      readError = err;
    }
    const files = await output.close();
    await rejects.close();
    stats.finish();

    const id = objectId(ref.bucket, opened.key, opened.versionId ?? opened.eTag);
    const numbers = new Map<string, number>();
    const outputs: string[] = [];
    let bytesOut = 0;
    for (const file of files) {
      const n = numbers.get(file.partitionDir) ?? 0;
      numbers.set(file.partitionDir, n + 1);
      const key = outputKey(config.outputPrefix, file.partitionDir, id, n, file.extension);
      bytesOut += await putFile(s3, config.outputBucket, key, file.path, contentTypeOf(file.extension), counters);
      outputs.push(s3Uri(config.outputBucket, key));
    }
    let rejectsUri: string | undefined;
    if (stats.rejected > 0) {
      const key = `${config.rejectsPrefix}${sourceName}/${id}.rejects.jsonl`;
      bytesOut += await putFile(s3, config.outputBucket, key, rejectsPath, 'application/x-ndjson', counters);
      rejectsUri = s3Uri(config.outputBucket, key);
    }
    return result({
      object,
      plugin: plugins.map((p) => p.id).join(','),
      sourceName,
      outputs,
      rejects: rejectsUri,
      bytesOut,
      ...(readError ? { error: { code: readError.code, message: readError.message } } : {}),
    });
  } finally {
    opened.destroy();
    await opened.input.close();
    await rm(temp, { recursive: true, force: true });
  }
}
