import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenedInput, ReadOptions } from '@ocsfx/core';
import { CliError } from './errors.js';

/** What `s3://` inputs and outputs need from @ocsfx/aws (the only ocsfx package with the AWS SDK). */
interface AwsSupport {
  listS3Inputs(uri: string): Promise<string[]>;
  openS3Input(uri: string, options?: ReadOptions): Promise<OpenedInput>;
  uploadDirectory(dir: string, bucket: string): Promise<string[]>;
}

export const isS3 = (path: string | undefined): boolean => path?.startsWith('s3://') === true;

let loaded: Promise<AwsSupport> | undefined;

/** @ocsfx/aws, resolved from the current project first, then beside the CLI (a global install). */
export function awsSupport(cwd = process.cwd()): Promise<AwsSupport> {
  loaded ??= (async () => {
    for (const from of [join(cwd, 'package.json'), import.meta.url]) {
      try {
        const path = createRequire(from).resolve('@ocsfx/aws');
        return (await import(pathToFileURL(path).href)) as AwsSupport;
      } catch {
        // not there; try the next place
      }
    }
    throw new CliError(
      's3:// inputs and outputs need @ocsfx/aws: npm install @ocsfx/aws (in this project, or with -g beside a global ocsfx)',
    );
  })();
  return loaded;
}

/** `s3://bucket/rest` → `<dir>/bucket/rest` (a trailing `/` kept: it still says "a directory"). */
function localFor(uri: string, dir: string): { path: string; bucket: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m?.[1]) throw new CliError(`${uri} is not an S3 URI; write s3://bucket/prefix/`, 2);
  return { path: join(dir, m[1], m[2] ?? '') + (uri.endsWith('/') && m[2] ? '/' : ''), bucket: m[1] };
}

/**
 * Runs a translation whose `--output` or `--rejects` is `s3://…`: the files are written to a private temp
 * directory exactly as for a local path, then uploaded under the same keys, and the directory removed.
 */
export async function withS3Outputs<F extends { output?: string; rejects?: string }>(
  flags: F,
  cwd: string,
  run: (flags: F) => Promise<number>,
): Promise<number> {
  if (!isS3(flags.output) && !isS3(flags.rejects)) return run(flags);
  const aws = await awsSupport(cwd);
  const temp = await mkdtemp(join(tmpdir(), 'ocsfx-s3-'));
  try {
    const buckets = new Set<string>();
    const local = { ...flags };
    for (const key of ['output', 'rejects'] as const) {
      const value = flags[key];
      if (value === undefined || !isS3(value)) continue;
      const { path, bucket } = localFor(value, temp);
      // The local counterpart exists, as the S3 "directory" does: a directory output, or a file's parent.
      await mkdir(path.endsWith('/') ? path : dirname(path), { recursive: true });
      local[key] = path as F[typeof key];
      buckets.add(bucket);
    }
    const code = await run(local);
    for (const bucket of buckets) {
      try {
        await aws.uploadDirectory(join(temp, bucket), bucket);
      } catch (err) {
        throw new CliError(`uploading to s3://${bucket}/ failed: ${(err as Error).message}`);
      }
    }
    return code;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
