import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The workspace's package folders, from the `packages:` globs of pnpm-workspace.yaml. Only the
 * `dir/*` form is used in this repository; anything else is refused rather than guessed at.
 */
export function workspaceDirs(root = repoRoot) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:[ \t]+-[^\n]*\n?)+)/m.exec(yaml);
  if (!block) throw new Error('pnpm-workspace.yaml has no packages: list');
  const dirs = [];
  for (const line of block[1].split('\n')) {
    const pattern = line
      .replace(/^\s*-\s*/, '')
      .replace(/^['"]|['"]$/g, '')
      .trim();
    if (!pattern) continue;
    const m = /^([\w.-]+)\/\*$/.exec(pattern);
    if (!m) throw new Error(`unsupported workspace pattern "${pattern}" (expected "dir/*")`);
    const parent = join(root, m[1]);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json'))) {
        dirs.push(join(parent, entry.name));
      }
    }
  }
  return dirs.sort();
}

/** Every package that is released to the registry: the workspace packages not marked private. */
export function publishablePackages(root = repoRoot) {
  return workspaceDirs(root)
    .map((dir) => ({ dir, manifest: readJson(join(dir, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name, version: manifest.version, manifest }));
}

/** name → version of the publishable packages, as their package.json files say now. */
export function versionsOf(root) {
  return Object.fromEntries(publishablePackages(root).map((p) => [p.name, p.version]));
}
