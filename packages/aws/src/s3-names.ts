import { createHash } from 'node:crypto';

/** One S3 object as an event names it. */
export interface ObjectRef {
  bucket: string;
  /** The key, decoded. */
  key: string;
  /**
   * The key exactly as the event carried it, when that differs from `key`. S3 URL-encodes keys in event
   * notifications (space as `+`, other characters as `%xx`); some S3-compatible servers do not, so a key
   * that decodes to a missing object is tried as given.
   */
  eventKey?: string;
  versionId?: string;
  eTag?: string;
  size?: number;
}

/**
 * Decodes a key from an S3 event notification: `+` is a space and `%xx` a UTF-8 byte (form encoding), so a
 * key with a literal `+` arrives as `%2B`. A malformed `%` sequence is kept as given.
 */
export function decodeEventKey(key: string): string {
  const spaced = key.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `s3://bucket/key/prefix` → bucket and key (prefix); the key may be empty. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m) throw new Error(`${uri} is not an S3 URI; write s3://bucket/key or s3://bucket/prefix/`);
  return { bucket: m[1] as string, key: m[2] ?? '' };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/**
 * A stable id for one version of one source object: the same object translated twice (a retried message, a
 * duplicate notification) writes the same output keys, overwriting instead of duplicating. It hashes the
 * bucket, the key and the version id (or, on an unversioned bucket, the ETag: a new upload to the same key is
 * a new object and gets new outputs).
 */
export function objectId(bucket: string, key: string, versionOrETag: string | undefined): string {
  const hash = createHash('sha256')
    .update(bucket)
    .update('\0')
    .update(key)
    .update('\0')
    .update(versionOrETag ?? '')
    .digest('hex');
  return `ocsfx-${hash.slice(0, 32)}`;
}

/** An ETag without the quotes S3 puts around it. */
export function bareETag(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '') || undefined;
}
