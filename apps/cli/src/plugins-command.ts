import type { Discovery } from './discovery.js';

export interface PluginListing {
  id: string;
  title: string;
  package?: string;
  version?: string;
  path?: string;
  classUid: number;
  className: string;
  /** Further classes the plugin emits. */
  otherClasses: readonly { classUid: number; className: string }[];
  ocsfVersions: readonly string[];
  defaultOcsfVersion: string;
  inputs: readonly string[];
  options: readonly string[];
}

export function listPlugins(discovery: Discovery): {
  plugins: PluginListing[];
  errors: { source: string; reason: string }[];
} {
  const plugins = discovery.registry.list().map(({ plugin, origin }) => ({
    id: plugin.id,
    title: plugin.title,
    package: origin.packageName,
    version: origin.version,
    path: origin.path,
    classUid: plugin.ocsf.classUid,
    className: plugin.ocsf.className,
    otherClasses: plugin.ocsf.otherClasses ?? [],
    ocsfVersions: plugin.ocsf.versions,
    defaultOcsfVersion: plugin.ocsf.defaultVersion,
    inputs: plugin.inputs,
    options: (plugin.options ?? []).map((o) => `--${o.name}`),
  }));
  return { plugins, errors: discovery.failures };
}

export function formatPlugins(listing: ReturnType<typeof listPlugins>): string {
  const lines: string[] = [];
  if (listing.plugins.length === 0) {
    lines.push('No ocsfx plugins found. Install one beside the CLI, for example:');
    lines.push('  npm install -g @ocsfx/plugin-vpc-flowlogs @ocsfx/plugin-cloudtrail-auth');
  }
  for (const p of listing.plugins) {
    lines.push(`${p.id}  ${p.title}`);
    lines.push(`  package   ${p.package ?? p.path ?? '-'}${p.version ? `@${p.version}` : ''}`);
    lines.push(
      `  OCSF      ${[p, ...p.otherClasses].map((c) => `${c.classUid} ${c.className}`).join(', ')}; versions ${p.ocsfVersions.map((v) => (v === p.defaultOcsfVersion ? `${v} (default)` : v)).join(', ')}`,
    );
    lines.push(`  inputs    ${p.inputs.join(', ')}`);
    if (p.options.length) lines.push(`  options   ${p.options.join(', ')}`);
  }
  for (const e of listing.errors) lines.push(`failed to load ${e.source}: ${e.reason}`);
  return lines.join('\n');
}
