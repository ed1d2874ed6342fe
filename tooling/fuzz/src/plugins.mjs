/**
 * The plugins of this repository: every package under packages/ whose keywords hold `ocsfx-plugin`,
 * imported from its built entry. A new plugin package is fuzzed without touching the harness.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @returns {{ dir: string, name: string, entry: string }[]} sorted by package name */
export function findPluginPackages(root) {
  const out = [];
  const packages = join(root, 'packages');
  for (const name of readdirSync(packages).sort()) {
    const dir = join(packages, name);
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (!pkg.keywords?.includes('ocsfx-plugin')) continue;
    const main = pkg.exports?.['.']?.import ?? pkg.exports?.['.']?.default ?? pkg.exports?.['.'] ?? pkg.main;
    const entry = join(dir, typeof main === 'string' ? main : 'dist/index.js');
    out.push({ dir, name: pkg.name, entry });
  }
  return out;
}

/** Imports each plugin package's default export. */
export async function loadPlugins(root) {
  const packages = findPluginPackages(root);
  const plugins = [];
  for (const pkg of packages) {
    if (!existsSync(pkg.entry)) throw new Error(`${pkg.name}: ${pkg.entry} is missing; run \`pnpm build\` first`);
    const mod = await import(pathToFileURL(pkg.entry).href);
    plugins.push({ ...pkg, plugin: mod.default });
  }
  return plugins;
}
