import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin, PluginOrigin, PluginRegistry } from '@ocsfx/core';
import { errorMessage } from './errors.js';

/**
 * Plugin discovery, in two steps: `findPlugins` reads package.json files and imports nothing;
 * `loadPlugins` imports only the plugins a command needs. The convention (documented in @ocsfx/core's
 * README): a package is an ocsfx plugin when its package.json `keywords` contain `ocsfx-plugin`; the
 * default export of its main entry is the plugin object; `"ocsfx": { "id": "…" }` in package.json names
 * the plugin id, so `--source ID` imports that package alone.
 *
 * Searched, in order (the nearest copy of a package name wins):
 * 1. `--plugin` arguments;
 * 2. the directories in `OCSFX_PLUGIN_PATH` (node_modules directories, separated like PATH);
 * 3. the node_modules of the project: from the working directory up to the nearest directory holding a
 *    package.json (only the working directory's own node_modules when there is none);
 * 4. the node_modules the CLI itself is installed in (global and project installs).
 * Never above the project: a node_modules in a parent directory is not the user's choice.
 */
export const PLUGIN_KEYWORD = 'ocsfx-plugin';

export interface PluginCandidate {
  packageName?: string;
  version?: string;
  /** Package directory, or the file given to --plugin. */
  path: string;
  /** File to import. */
  entry: string;
  /** The plugin id declared in package.json (`"ocsfx": { "id": … }`), when declared. */
  id?: string;
}

export interface LoadFailure {
  source: string;
  packageName?: string;
  reason: string;
}

export interface Discovery {
  registry: PluginRegistry;
  /** Plugins that could not be used. */
  failures: LoadFailure[];
  /** Plugins loaded, with something the user should fix. */
  warnings: LoadFailure[];
}

interface PackageJson {
  name?: string;
  version?: string;
  keywords?: unknown;
  main?: string;
  exports?: unknown;
  ocsfx?: { id?: unknown };
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/**
 * The project's node_modules directories: from `start` up to the nearest directory holding a package.json
 * (the project root). Without a package.json anywhere above, only `start`'s own node_modules.
 */
export function nodeModulesChain(start: string): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  for (;;) {
    if (!dir.endsWith(`${'/'}node_modules`)) {
      const nm = join(dir, 'node_modules');
      if (existsSync(nm)) out.push(nm);
    }
    if (existsSync(join(dir, 'package.json'))) return out;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const own = join(resolve(start), 'node_modules');
  return existsSync(own) ? [own] : [];
}

/** The node_modules directory this CLI is installed in, if it is installed in one. */
export function ownNodeModules(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const parts = here.split(/[\\/]/);
  const i = parts.lastIndexOf('node_modules');
  return i === -1 ? undefined : parts.slice(0, i + 1).join('/') || undefined;
}

/** Entry file of a package for `import`, following `exports["."]` (import/default/node) or `main`. */
export function packageEntry(dir: string, pkg: PackageJson): string {
  const fromExports = pickExport(pkg.exports);
  return join(dir, fromExports ?? pkg.main ?? 'index.js');
}

function pickExport(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (exportsField === null || typeof exportsField !== 'object') return undefined;
  const obj = exportsField as Record<string, unknown>;
  if ('.' in obj) return pickExport(obj['.']);
  for (const condition of ['import', 'node', 'default']) {
    if (condition in obj) {
      const picked = pickExport(obj[condition]);
      if (picked) return picked;
    }
  }
  return undefined;
}

function packageDirsIn(nodeModules: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(nodeModules);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      let scoped: string[] = [];
      try {
        scoped = readdirSync(join(nodeModules, name));
      } catch {
        continue;
      }
      for (const sub of scoped.sort()) out.push(join(nodeModules, name, sub));
    } else {
      out.push(join(nodeModules, name));
    }
  }
  return out;
}

function candidateOf(dir: string, pkg: PackageJson, name = pkg.name): PluginCandidate {
  const id = typeof pkg.ocsfx?.id === 'string' ? pkg.ocsfx.id : undefined;
  return { packageName: name, version: pkg.version, path: dir, entry: packageEntry(dir, pkg), id };
}

function isPluginPackage(pkg: PackageJson): boolean {
  return Array.isArray(pkg.keywords) && pkg.keywords.includes(PLUGIN_KEYWORD);
}

/** Finds plugin packages; the nearest copy of a package name wins, as with Node's resolution. */
export function findPluginPackages(searchDirs: readonly string[]): PluginCandidate[] {
  const seen = new Set<string>();
  const out: PluginCandidate[] = [];
  for (const nm of searchDirs) {
    for (const dir of packageDirsIn(nm)) {
      const pkg = readPackageJson(dir);
      if (!pkg?.name || !isPluginPackage(pkg) || seen.has(pkg.name)) continue;
      seen.add(pkg.name);
      out.push(candidateOf(dir, pkg));
    }
  }
  return out;
}

/** Resolves a `--plugin` argument: a path to a package directory or file, or a package name. */
export function resolvePluginArgument(arg: string, cwd: string, searchDirs: readonly string[]): PluginCandidate {
  const asPath = isAbsolute(arg) ? arg : resolve(cwd, arg);
  const looksLikePath = arg.startsWith('.') || isAbsolute(arg);
  if (!looksLikePath) {
    for (const nm of searchDirs) {
      const dir = join(nm, arg);
      const pkg = readPackageJson(dir);
      if (pkg) return candidateOf(dir, pkg, pkg.name ?? arg);
    }
  }
  if (existsSync(asPath)) {
    if (statSync(asPath).isDirectory()) {
      const pkg = readPackageJson(asPath);
      if (!pkg) throw new Error(`${asPath} is a directory without a package.json`);
      return candidateOf(asPath, pkg);
    }
    return { path: asPath, entry: asPath };
  }
  if (looksLikePath) throw new Error(`no such file or directory: ${asPath}`);
  throw new Error(`package "${arg}" is not installed here; install it with "npm install ${arg}"`);
}

async function importPlugin(candidate: PluginCandidate): Promise<unknown> {
  const mod = (await import(pathToFileURL(candidate.entry).href)) as { default?: unknown };
  // A CommonJS plugin compiled to `exports.default = plugin` arrives as { default: { default: plugin } }.
  const value: unknown = mod.default ?? mod;
  if (value !== null && typeof value === 'object' && 'default' in value && !('id' in value)) {
    return (value as { default: unknown }).default;
  }
  return value;
}

export interface DiscoverOptions {
  cwd?: string;
  /** `--plugin` arguments. */
  explicit?: readonly string[];
  /** Skip the automatic node_modules search (tests). */
  auto?: boolean;
  /** `OCSFX_PLUGIN_PATH` (default: the environment's). */
  pluginPath?: string;
}

/** Plugins found on disk, not imported yet. */
export interface FoundPlugins {
  candidates: PluginCandidate[];
  failures: LoadFailure[];
}

/** The node_modules directories searched, in order (see the comment at the top). */
export function pluginSearchDirs(cwd: string, pluginPath = process.env.OCSFX_PLUGIN_PATH): string[] {
  const dirs: string[] = [];
  const add = (d: string) => {
    if (!dirs.includes(d)) dirs.push(d);
  };
  for (const d of (pluginPath ?? '').split(delimiter)) if (d) add(resolve(cwd, d));
  for (const d of nodeModulesChain(cwd)) add(d);
  const own = ownNodeModules();
  if (own) add(own);
  return dirs;
}

/** Finds plugin packages without importing any. */
export function findPlugins(options: DiscoverOptions = {}): FoundPlugins {
  const cwd = options.cwd ?? process.cwd();
  const searchDirs = pluginSearchDirs(cwd, options.pluginPath);
  const failures: LoadFailure[] = [];
  const candidates: PluginCandidate[] = [];
  for (const arg of options.explicit ?? []) {
    try {
      candidates.push(resolvePluginArgument(arg, cwd, searchDirs));
    } catch (err) {
      failures.push({ source: arg, reason: errorMessage(err) });
    }
  }
  if (options.auto !== false) {
    const explicitNames = new Set(candidates.map((c) => c.packageName).filter(Boolean));
    for (const c of findPluginPackages(searchDirs)) if (!explicitNames.has(c.packageName)) candidates.push(c);
  }
  return { candidates, failures };
}

/**
 * The candidates to import for `--source ID[,ID…]`: those declaring these ids when every id is declared,
 * else those plus the candidates that declare no id (one of them may be it).
 */
export function candidatesFor(
  candidates: readonly PluginCandidate[],
  ids: readonly string[] | undefined,
): PluginCandidate[] {
  if (ids === undefined || ids.length === 0) return [...candidates];
  const declared = candidates.filter((c) => c.id !== undefined && ids.includes(c.id));
  if (ids.every((id) => declared.some((c) => c.id === id))) return declared;
  return candidates.filter((c) => c.id === undefined || ids.includes(c.id));
}

/**
 * Imports plugins into a registry: all of them, or with `only` (a `--source` value, ids separated by
 * commas) just what it needs (see `candidatesFor`); when that does not deliver every id (a wrong
 * declaration, an unknown id) the others are imported too, so errors can list what is installed. A plugin
 * that fails to load is reported and skipped.
 */
export async function loadPlugins(found: FoundPlugins, only?: string): Promise<Discovery> {
  const { PluginRegistry, describeOrigin } = await import('@ocsfx/core');
  const registry = new PluginRegistry();
  const failures: LoadFailure[] = [...found.failures];
  const warnings: LoadFailure[] = [];
  const ids = only
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const first = candidatesFor(found.candidates, ids);
  await importInto(registry, failures, warnings, first, describeOrigin);
  if (ids && !ids.every((id) => registry.get(id))) {
    const rest = found.candidates.filter((c) => !first.includes(c));
    await importInto(registry, failures, warnings, rest, describeOrigin);
  }
  return { registry, failures, warnings };
}

async function importInto(
  registry: PluginRegistry,
  failures: LoadFailure[],
  warnings: LoadFailure[],
  candidates: readonly PluginCandidate[],
  describeOrigin: (origin: PluginOrigin) => string,
): Promise<void> {
  for (const candidate of candidates) {
    const origin: PluginOrigin = {
      packageName: candidate.packageName,
      version: candidate.version,
      path: candidate.path,
    };
    const source = describeOrigin(origin) || candidate.path;
    let value: unknown;
    try {
      value = await importPlugin(candidate);
    } catch (err) {
      failures.push({
        source,
        packageName: candidate.packageName,
        reason: `failed to load: ${errorMessage(err).split('\n')[0]}`,
      });
      continue;
    }
    try {
      const plugin = registry.register(value as Plugin, origin);
      if (candidate.id !== undefined && plugin.id !== candidate.id) {
        warnings.push({
          source,
          packageName: candidate.packageName,
          reason: `package.json declares "ocsfx": { "id": "${candidate.id}" } but the plugin's id is "${plugin.id}"; loaded as "${plugin.id}"`,
        });
      }
    } catch (err) {
      failures.push({
        source,
        packageName: candidate.packageName,
        reason: errorMessage(err).replace(`${source}: `, ''),
      });
    }
  }
}

/** Finds and imports every plugin (what `ocsfx plugins` shows). */
export async function discoverPlugins(options: DiscoverOptions = {}): Promise<Discovery> {
  return loadPlugins(findPlugins(options));
}
