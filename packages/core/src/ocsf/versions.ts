/**
 * OCSF version arithmetic for plugins that emit several versions from one mapping. A plugin states what
 * changes between versions as data — "since" tables keyed by the first version a value applies to — and
 * resolves them once per translator with `forVersion`, instead of testing the version in translate code.
 *
 * ```ts
 * const MFA = { '1.0.0-rc.2': 'mfa', '1.1.0': 'is_mfa' } as const;
 * forVersion(MFA, '1.5.0'); // 'is_mfa' (the last row at or before 1.5.0)
 * ```
 */

interface ParsedVersion {
  readonly parts: readonly [number, number, number];
  /** Pre-release identifiers (`rc.2` → ['rc', '2']); empty for a release. */
  readonly pre: readonly string[];
}

const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

function parse(version: string): ParsedVersion {
  const m = VERSION.exec(version);
  if (!m) throw new Error(`"${version}" is not an OCSF version (major.minor.patch, optionally -pre.release)`);
  return { parts: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/** Whether a string is an OCSF version number (`1.8.0`, `1.0.0-rc.2`). */
export function isOcsfVersion(version: string): boolean {
  return VERSION.test(version);
}

/**
 * Orders OCSF versions as semantic versions: `1.0.0-rc.2` < `1.0.0` < `1.1.0` < `1.10.0`. Negative when
 * `a` comes first, positive when `b` does, 0 when equal. Throws for a string that is not a version.
 */
export function compareOcsfVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] as number) - (y.parts[i] as number);
    if (d !== 0) return d;
  }
  // A release comes after its pre-releases.
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i] as string;
    const q = y.pre[i] as string;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.pre.length - y.pre.length;
}

/**
 * A "since" table: each key is the first OCSF version its value applies to, and the value holds until the
 * next key. `null` is a value like any other (use it for "not in this version").
 */
export type SinceTable<T> = Readonly<Record<string, T>>;

/**
 * The value of a since table for one version: the row with the greatest key at or before `version`.
 * Throws when the table starts after `version` (the plugin has no row for it), naming the table's first key.
 */
export function forVersion<T>(table: SinceTable<T>, version: string): T {
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (compareOcsfVersions(key, version) <= 0 && (best === undefined || compareOcsfVersions(key, best) > 0)) {
      best = key;
    }
  }
  if (best === undefined) {
    const first = Object.keys(table).sort(compareOcsfVersions)[0];
    throw new Error(`no value for OCSF ${version}: the table starts at ${first ?? '(empty table)'}`);
  }
  return table[best] as T;
}

/** Whether `version` is `since` or later (`atLeast('1.5.0', '1.3.0')` is true). */
export function atLeastVersion(version: string, since: string): boolean {
  return compareOcsfVersions(version, since) >= 0;
}

/**
 * The error a plugin's `createTranslator` throws for a version it does not emit: it names the plugin and
 * every version it does. (The CLI checks `plugin.ocsf.versions` first and reports a usage error.)
 */
export function unsupportedVersion(pluginId: string, version: string, supported: readonly string[]): Error {
  return new Error(
    `OCSF version ${version} is not supported by ${pluginId}; choose one of ${[...supported].sort(compareOcsfVersions).join(', ')}`,
  );
}
