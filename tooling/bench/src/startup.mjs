/**
 * Start-up case of `pnpm bench`: wall time of `ocsfx --version`, `ocsfx --help` and a one-file
 * `translate --source` against bare `node -e 0`, the medians of interleaved runs, and their ratios.
 * The issue's target: `--version` ≤ 1.5 × bare node. Reported, never asserted (machines are noisy).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function wallMs(command, args, cwd) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return ms;
}

/**
 * @param {{ node: string; cli: string; root: string; runs: number }} options
 * @returns {{ rows: { what: string; result: string }[]; ratio: number }}
 */
export function startupCase({ node, cli, root, runs }) {
  const example = join(root, 'examples', 'logs', 'vpc-flow-v5.log');
  const commands = [
    ['bare node (node -e 0)', ['-e', '0']],
    ['ocsfx --version', [cli, '--version']],
    ['ocsfx --help', [cli, '--help']],
    ['ocsfx translate --source vpc-flowlogs (4 records)', [cli, 'translate', '--source', 'vpc-flowlogs', example]],
  ];
  const times = commands.map(() => []);
  wallMs(node, commands[1][1], root); // warm the file system cache
  for (let round = 0; round < runs; round++) {
    for (const [i, [, args]] of commands.entries()) times[i].push(wallMs(node, args, root));
  }
  const medians = times.map(median);
  const base = medians[0];
  const rows = commands.map(([what], i) => ({
    what: `start-up: ${what}`,
    result: `${medians[i].toFixed(0)} ms${i === 0 ? '' : ` = ${(medians[i] / base).toFixed(2)} × bare node`} (median of ${runs})`,
  }));
  return { rows, ratio: medians[1] / base };
}
