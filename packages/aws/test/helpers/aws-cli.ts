/**
 * Debian's awscli v2 (/usr/bin/aws), a client no one here wrote, for setup and read-back. An older `aws`
 * may come first on PATH, so the path is fixed. Dummy credentials come through the environment.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { CREDENTIALS, REGION } from './servers.js';

const run = promisify(execFile);
export const AWS_CLI = '/usr/bin/aws';
export const hasAwsCli = existsSync(AWS_CLI);

if (!hasAwsCli && (process.env.CI === 'true' || process.env.CI === '1')) {
  throw new Error(`CI=true but ${AWS_CLI} is missing: .ci/run installs Debian's awscli (apt-get install -y awscli)`);
}

/** Runs `aws <args> --endpoint-url <endpoint>`; returns stdout. `configFile`: an awscli config to use. */
export async function aws(
  endpoint: string,
  args: readonly string[],
  options: { configFile?: string } = {},
): Promise<string> {
  const { stdout } = await run(AWS_CLI, [...args, '--endpoint-url', endpoint], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: REGION,
      AWS_PAGER: '',
      AWS_CONFIG_FILE: options.configFile ?? '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Every key under a prefix, by `aws s3api list-objects-v2`. */
export async function listKeys(endpoint: string, bucket: string, prefix = ''): Promise<string[]> {
  const out = await aws(endpoint, [
    's3api',
    'list-objects-v2',
    '--bucket',
    bucket,
    ...(prefix ? ['--prefix', prefix] : []),
    '--output',
    'json',
  ]);
  if (!out.trim()) return [];
  const parsed = JSON.parse(out) as { Contents?: { Key: string }[] };
  return (parsed.Contents ?? []).map((c) => c.Key).sort();
}
