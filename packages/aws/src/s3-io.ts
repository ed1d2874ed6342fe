import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type OpenedInput, openStream, type ReadOptions } from '@ocsfx/core';
import { bareETag, type ObjectRef, s3Uri } from './s3-names.js';

/** Counts what the SDK retried (its own exponential back-off on 5xx, throttling and timeouts). */
export class S3Counters {
  requests = 0;
  retries = 0;
  add(metadata: { attempts?: number } | undefined) {
    this.requests++;
    this.retries += Math.max(0, (metadata?.attempts ?? 1) - 1);
  }
}

/** Runs one SDK call and counts its attempts, whether it succeeded or not. */
export async function counted<T extends { $metadata: { attempts?: number } }>(
  counters: S3Counters,
  call: () => Promise<T>,
): Promise<T> {
  try {
    const out = await call();
    counters.add(out.$metadata);
    return out;
  } catch (err) {
    counters.add((err as { $metadata?: { attempts?: number } }).$metadata);
    throw err;
  }
}

export interface OpenedObject {
  input: OpenedInput;
  /** The key that was read (the decoded one, or the event's literal key when only that exists). */
  key: string;
  versionId: string | undefined;
  eTag: string | undefined;
  /** Stops the download (the body is the caller's to end). */
  destroy(): void;
}

/**
 * Opens an S3 object as a core input: `GetObject` streams its body through the same readers a file goes
 * through (gzip by content, text, CSV, JSON envelopes, Parquet). The object is named `s3://bucket/key` in
 * messages and reject locations.
 */
export async function openObject(
  s3: S3Client,
  ref: ObjectRef,
  counters: S3Counters,
  options: ReadOptions = {},
): Promise<OpenedObject> {
  const get = (key: string) =>
    counted(counters, () => s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: key, VersionId: ref.versionId })));
  let key = ref.key;
  let out: Awaited<ReturnType<typeof get>>;
  try {
    out = await get(key);
  } catch (err) {
    const literal = ref.eventKey;
    if (!(err instanceof NoSuchKey) || literal === undefined || literal === key) throw err;
    key = literal;
    out = await get(key);
  }
  const body = out.Body as Readable | undefined;
  if (!body) throw new Error(`${s3Uri(ref.bucket, key)}: GetObject returned no body`);
  let input: OpenedInput;
  try {
    input = await openStream(s3Uri(ref.bucket, key), body, options);
  } catch (err) {
    body.destroy();
    throw err;
  }
  return {
    input,
    key,
    versionId: out.VersionId ?? ref.versionId,
    eTag: bareETag(out.ETag) ?? bareETag(ref.eTag),
    destroy: () => body.destroy(),
  };
}

/** Uploads bytes; the SDK can resend them when it retries. Returns their length. */
export async function putBytes(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array,
  contentType: string,
  counters: S3Counters,
): Promise<number> {
  await counted(counters, () =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType })),
  );
  return body.length;
}

/** Uploads a local file, read whole, so the SDK can resend it when it retries. */
export async function putFile(
  s3: S3Client,
  bucket: string,
  key: string,
  path: string,
  contentType: string,
  counters: S3Counters,
): Promise<number> {
  return putBytes(s3, bucket, key, await readFile(path), contentType, counters);
}

export function contentTypeOf(extension: string): string {
  if (extension.endsWith('parquet')) return 'application/vnd.apache.parquet';
  if (extension.endsWith('.gz')) return 'application/gzip';
  return 'application/x-ndjson';
}
