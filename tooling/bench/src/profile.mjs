/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): self time per function and per package, so the bench
 * can show where the time of a case goes without opening a profiler.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a script URL lives, in words: `core`, `plugin-vpc-flowlogs`, `hyparquet`, `node:internal`, … */
function area(url) {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node built-ins';
  const pkg = /\/(packages|apps|tooling)\/([^/]+)\//.exec(url);
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dep) return dep[1];
  if (pkg) return pkg[2];
  return url;
}

/**
 * Self time (ms) by function and by area, over every `.cpuprofile` in `dir` (the main thread and any
 * worker threads).
 */
export function summarizeProfiles(dir, top = 12) {
  const byFunction = new Map();
  const byArea = new Map();
  let total = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const node = nodes.get(profile.samples[i]);
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = area(url);
      const key = `${functionName || '(anonymous)'} — ${where}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
      byArea.set(where, (byArea.get(where) ?? 0) + ms);
      total += ms;
    }
  }
  const sorted = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([what, ms]) => ({ what, ms, share: ms / total }));
  return { totalMs: total, functions: sorted(byFunction, top), areas: sorted(byArea, 8) };
}

/** @param {ReturnType<typeof summarizeProfiles>} summary */
export function formatProfile(summary) {
  const line = ({ what, ms, share }) =>
    `    ${ms.toFixed(0).padStart(6)} ms ${(share * 100).toFixed(1).padStart(5)} %  ${what}`;
  return [
    `  total ${summary.totalMs.toFixed(0)} ms sampled; by area:`,
    ...summary.areas.map(line),
    '  top functions (self time):',
    ...summary.functions.map(line),
  ].join('\n');
}
