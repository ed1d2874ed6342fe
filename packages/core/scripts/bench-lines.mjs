#!/usr/bin/env node
// Throughput and peak memory of the text reader on a large VPC-like file.
// Usage: pnpm --filter @ocsfx/core build && node packages/core/scripts/bench-lines.mjs [sizeMiB=1024] [--gzip]
// Generates the file in a temp folder (streamed to disk), reads it through openInput(...).records(),
// prints MB/s and peak RSS, then deletes the file.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { openInput } from '../dist/index.js';

const args = process.argv.slice(2);
const sizeMiB = Number(args.find((a) => /^\d+$/.test(a)) ?? 1024);
const gzip = args.includes('--gzip');
const target = sizeMiB * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'ocsfx-bench-'));
const path = join(dir, gzip ? 'flows.log.gz' : 'flows.log');

function* blocks() {
  const header =
    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n';
  yield header;
  let written = header.length;
  let i = 0;
  while (written < target) {
    const lines = [];
    for (let k = 0; k < 5000; k++, i++) {
      lines.push(
        `2 123456789012 eni-0a1b2c3d4e5f${i % 10} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} 172.31.${i % 200}.${i % 250} ${1024 + (i % 60000)} 443 6 ${i % 100} ${i % 100000} 1669842701 1669842761 ${i % 7 === 0 ? 'REJECT' : 'ACCEPT'} OK`,
      );
    }
    const block = `${lines.join('\n')}\n`;
    written += block.length;
    yield block;
  }
}

try {
  const t0 = performance.now();
  await pipeline(Readable.from(blocks()), ...(gzip ? [createGzip({ level: 1 })] : []), createWriteStream(path));
  const bytes = statSync(path).size;
  console.log(`generated ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${path}`);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const start = performance.now();
  const input = await openInput(path);
  let records = 0;
  let issues = 0;
  for await (const batch of input.records()) {
    for (const item of batch) {
      if (item.kind === 'row') records++;
      else issues++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const mb = input.bytesRead() / 1e6;
  console.log(
    `read ${records} records (${issues} issues) from ${mb.toFixed(0)} MB${gzip ? ' (gzip)' : ''} in ${seconds.toFixed(2)} s: ` +
      `${(mb / seconds).toFixed(0)} MB/s, ${(records / seconds / 1e6).toFixed(2)} M records/s, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
