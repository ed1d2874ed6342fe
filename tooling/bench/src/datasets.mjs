/**
 * Generates the bench inputs into a temp folder. The gzip file is the plain text file compressed, and the
 * Parquet file holds the same records (same seed), so text, gzip and Parquet runs read the same data.
 */

import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { writeCloudTrail } from './gen-cloudtrail.mjs';
import { writeVpcParquet, writeVpcText } from './gen-vpc.mjs';

/** @typedef {{ label: string; rows: number; text: string; gz: string; parquet: string; textBytes: number }} VpcSet */

export const SIZES = {
  default: { vpcSmall: 200_000, vpcLarge: 2_000_000, cloudTrail: 100_000, jobsFiles: 4 },
  quick: { vpcSmall: 2_000, vpcLarge: 20_000, cloudTrail: 2_000, jobsFiles: 4 },
};

/** e.g. 200k, 2M */
export function shortCount(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

/**
 * Makes `path` unless an earlier run left it complete (`<path>.done` beside it, holding `make`'s result):
 * with `--data DIR` the inputs are generated once and reused.
 * @template T
 * @param {string} path
 * @param {() => Promise<T>} make
 * @returns {Promise<{ value: T; reused: boolean }>}
 */
async function once(path, make) {
  const done = `${path}.done`;
  try {
    return { value: JSON.parse(await readFile(done, 'utf8')), reused: true };
  } catch {
    const value = (await make()) ?? null;
    await writeFile(done, JSON.stringify(value));
    return { value, reused: false };
  }
}

const took = (t, reused) => (reused ? 'reused' : `${((performance.now() - t) / 1000).toFixed(1)} s`);

async function vpcSet(dir, rows, log) {
  const label = shortCount(rows);
  const text = join(dir, `vpc-${label}.log`);
  const gz = `${text}.gz`;
  const parquet = join(dir, `vpc-${label}.parquet`);
  let t = performance.now();
  const texts = await once(gz, async () => {
    await writeVpcText(text, rows);
    await pipeline(createReadStream(text), createGzip({ level: 6 }), createWriteStream(gz));
  });
  log(`  VPC ${label}: text + gzip ${took(t, texts.reused)}`);
  t = performance.now();
  const pq = await once(parquet, async () => writeVpcParquet(parquet, rows));
  log(`  VPC ${label}: Parquet ${took(t, pq.reused)}`);
  return { label, rows, text, gz, parquet, textBytes: (await stat(text)).size };
}

/**
 * @param {string} dir
 * @param {typeof SIZES.default} sizes
 * @param {(line: string) => void} log
 */
export async function generateAll(dir, sizes, log) {
  const small = await vpcSet(dir, sizes.vpcSmall, log);
  const large = await vpcSet(dir, sizes.vpcLarge, log);
  const t = performance.now();
  const cloudTrail = join(dir, `cloudtrail-${shortCount(sizes.cloudTrail)}.json.gz`);
  const trail = await once(cloudTrail, () => writeCloudTrail(cloudTrail, sizes.cloudTrail));
  const { authEvents, jsonBytes } = trail.value;
  log(`  CloudTrail ${shortCount(sizes.cloudTrail)}: ${took(t, trail.reused)}`);
  // Worker-pool inputs: copies of the small gzip file, so each job is the same work.
  const jobs = [];
  for (let i = 1; i <= sizes.jobsFiles; i++) {
    const copy = join(dir, `jobs-${i}.log.gz`);
    await copyFile(small.gz, copy);
    jobs.push(copy);
  }
  return {
    small,
    large,
    cloudTrail: { path: cloudTrail, events: sizes.cloudTrail, authEvents, jsonBytes },
    jobs,
  };
}
