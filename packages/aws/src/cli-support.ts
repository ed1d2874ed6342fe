import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { InputError, type OpenedInput, type ReadOptions } from '@ocsfx/core';
import { contentTypeOf, openObject, putFile, S3Counters } from './s3-io.js';
import { parseS3Uri, s3Uri } from './s3-names.js';

/**
 * What the `ocsfx` CLI uses for `s3://` inputs and outputs when this package is installed. The client
 * takes the SDK's usual configuration (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_S3, …);
 * OCSFX_S3_FORCE_PATH_STYLE=true for S3-compatible servers.
 */
let client: S3Client | undefined;
function s3(): S3Client {
  const env = process.env;
  client ??= new S3Client({ forcePathStyle: env['OCSFX_S3_FORCE_PATH_STYLE'] === 'true' });
  return client;
}

/** The objects an `s3://bucket/key-or-prefix` argument names: the object itself, or every object below it. */
export async function listS3Inputs(uri: string): Promise<string[]> {
  const { bucket, key } = parseS3Uri(uri);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: key || undefined, ContinuationToken: token }),
    );
    for (const o of out.Contents ?? []) {
      // A key that ends with "/" is a console-made folder marker, not a log; a prefix matches whole segments.
      if (!o.Key || o.Key.endsWith('/')) continue;
      if (key && !key.endsWith('/') && o.Key !== key && !o.Key.startsWith(`${key}/`)) continue;
      keys.push(o.Key);
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  if (keys.length === 0)
    throw new Error(`${uri}: no objects there (check the bucket, the prefix and your credentials)`);
  return keys.sort().map((k) => s3Uri(bucket, k));
}

/**
 * Opens `s3://bucket/key` as a core input (GetObject streamed through core's readers). An S3 error is an
 * InputError (`input/s3-<S3 error name>`): the CLI reports that input as failed and goes on with the others.
 */
export async function openS3Input(uri: string, options: ReadOptions = {}): Promise<OpenedInput> {
  const { bucket, key } = parseS3Uri(uri);
  let opened: Awaited<ReturnType<typeof openObject>>;
  try {
    opened = await openObject(s3(), { bucket, key }, new S3Counters(), options);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as Error;
    throw new InputError(
      `input/s3-${e.name}`,
      uri,
      `${uri}: ${e.message} (${e.name}); check the key and your credentials`,
      { cause: err },
    );
  }
  const close = opened.input.close.bind(opened.input);
  return Object.assign(opened.input, {
    async close() {
      opened.destroy();
      await close();
    },
  });
}

/** Uploads every file below `dir` to `s3://bucket/` under its relative path; returns the URIs written. */
export async function uploadDirectory(dir: string, bucket: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const counters = new S3Counters();
  const written: string[] = [];
  for (const file of files) {
    const key = relative(dir, file).split(sep).join('/');
    await putFile(s3(), bucket, key, file, contentTypeOf(file), counters);
    written.push(s3Uri(bucket, key));
  }
  return written;
}
