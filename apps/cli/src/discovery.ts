import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeOrigin, type Plugin, type PluginOrigin, PluginRegistry } from '@ocsfx/core';
import { errorMessage } from './errors.js';

/**
 * Plugin discovery. The public convention (documented in @ocsfx/core's README): a package is an ocsfx
 * plugin when its package.json `keywords` contain `ocsfx-plugin`; the default export of its main entry is
 * the plugin object. Searched, in order: `--plugin` arguments, every node_modules from the current
 * directory upward, and the node_modules the CLI itself is installed in (global installs).
 */
export const PLUGIN_KEYWORD = 'ocsfx-plugin';

export interface PluginCandidate {
  packageName?: string;
  version?: string;
  /** Package directory, or the file given to --plugin. */
  path: string;
  /** File to import. */
  entry: string;
}

export interface LoadFailure {
  source: string;
  packageName?: string;
  reason: string;
}

export interface Discovery {
  registry: PluginRegistry;
  failures: LoadFailure[];
}

interface PackageJson {
  name?: string;
  version?: string;
  keywords?: unknown;
  main?: string;
  exports?: unknown;
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The node_modules directories Node would search from `start` upward. */
export function nodeModulesChain(start: string): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  for (;;) {
    if (!dir.endsWith(`${'/'}node_modules`)) {
      const nm = join(dir, 'node_modules');
      if (existsSync(nm)) out.push(nm);
    }
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
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
      out.push({ packageName: pkg.name, version: pkg.version, path: dir, entry: packageEntry(dir, pkg) });
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
      if (pkg) return { packageName: pkg.name ?? arg, version: pkg.version, path: dir, entry: packageEntry(dir, pkg) };
    }
  }
  if (existsSync(asPath)) {
    if (statSync(asPath).isDirectory()) {
      const pkg = readPackageJson(asPath);
      if (!pkg) throw new Error(`${asPath} is a directory without a package.json`);
      return { packageName: pkg.name, version: pkg.version, path: asPath, entry: packageEntry(asPath, pkg) };
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
  /** Skip the automatic node_modules search (tests, --no-discover). */
  auto?: boolean;
}

/** Builds a registry from every plugin found; a plugin that fails to load is reported and skipped. */
export async function discoverPlugins(options: DiscoverOptions = {}): Promise<Discovery> {
  const cwd = options.cwd ?? process.cwd();
  const own = ownNodeModules();
  const searchDirs = [...nodeModulesChain(cwd)];
  if (own && !searchDirs.includes(own)) searchDirs.push(own);
  const registry = new PluginRegistry();
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
      registry.register(value as Plugin, origin);
    } catch (err) {
      failures.push({
        source,
        packageName: candidate.packageName,
        reason: errorMessage(err).replace(`${source}: `, ''),
      });
    }
  }
  return { registry, failures };
}
