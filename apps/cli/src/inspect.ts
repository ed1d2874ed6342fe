/**
 * `ocsfx inspect FILE…`: field coverage. Translates the inputs in memory (nothing is written) and shows, per
 * source field, how often it was present, which OCSF attribute its value went to, and how often it landed
 * in `unmapped`; and the attributes each class recommends that no event filled (from core's bundled OCSF data,
 * or from an official schema checkout with `--ocsf-schema DIR`).
 *
 * Derived from the data, without help from the plugin: a source field "went to" the OCSF attributes where
 * its value appears in the record's event — unchanged (compared as text, values of 2 characters or more so
 * that 0/1 do not match everywhere), or as epoch milliseconds for epoch seconds and ISO 8601 times —
 * in at least half of the records that had the field. A field converted otherwise (a protocol name to its
 * number, an action to an enum) shows "(no attribute holds its value)" rather than a guess.
 */
import {
  availableVersions,
  chainTranslators,
  flattenInto,
  InputError,
  type OcsfEvent,
  openInput,
  type Plugin,
  type PluginRegistry,
  type RawRecord,
  recommendedAttributes,
} from '@ocsfx/core';
import { CliError } from './errors.js';
import { expandInputs, refuseEmptyPaths } from './inputs.js';
import { detectPlugins, pluginsByIds } from './select-plugin.js';
import { checkSourceAndVersion, versionFor } from './translate-file.js';

export interface InspectFlags {
  source?: string;
  inputFormat?: 'text' | 'csv' | 'parquet' | 'json';
  ocsfVersion?: string;
  ocsfSchema?: string;
  json?: boolean;
  pluginOptions: Record<string, string | boolean | undefined>;
}

export interface FieldCoverage {
  field: string;
  /** Records in which the field had a value. */
  present: number;
  /** OCSF attributes its value went to, with the number of records each. */
  attributes: { path: string; records: number }[];
  /** Records in which the field landed in `unmapped`. */
  unmapped: number;
}

export interface InspectResult {
  inputs: { file: string; plugins: string[]; error?: string }[];
  records: {
    in: number;
    translated: number;
    skipped: number;
    rejected: number;
    events: number;
    /** Reason code → records, as `translate`'s summary counts them. */
    skippedByCode: Record<string, number>;
    rejectedByCode: Record<string, number>;
  };
  classes: { classUid: number; ocsfVersion: string; events: number }[];
  fields: FieldCoverage[];
  /**
   * Per class: attributes the schema recommends that no event filled. A class of an OCSF version core has
   * no data for (and no --ocsf-schema) is left out, and named in `recommendedUnknown`.
   */
  recommendedUnfilled: { classUid: number; ocsfVersion: string; attributes: string[] }[];
  recommendedUnknown?: { classUid: number; ocsfVersion: string }[];
}

/** Minimum length of a value's text for it to count as a match. */
const MIN_MATCH = 2;

interface FieldTally {
  present: number;
  unmapped: number;
  hits: Map<string, number>;
}

export async function inspectCommand(
  inputArgs: readonly string[],
  flags: InspectFlags,
  registry: PluginRegistry,
  io: { stdin: NodeJS.ReadableStream; stdout: (text: string) => void; stderr: (line: string) => void; cwd: string },
  failedPackages: readonly string[],
): Promise<number> {
  if (inputArgs.length === 0) throw new CliError('no input: give the files to inspect', 2);
  refuseEmptyPaths(inputArgs, { '--ocsf-schema': flags.ocsfSchema });
  checkSourceAndVersion(registry, flags.source, flags.ocsfVersion);
  // A directory that is no schema checkout fails now (exit 2), not after every input has been read.
  if (flags.ocsfSchema) recommendedFor(0, '', flags.ocsfSchema);
  const files = await expandInputs(inputArgs, io.cwd);
  const tallies = new Map<string, FieldTally>();
  const filled = new Map<number, Set<string>>();
  const classes = new Map<string, { classUid: number; ocsfVersion: string; events: number }>();
  const result: InspectResult = {
    inputs: [],
    records: { in: 0, translated: 0, skipped: 0, rejected: 0, events: 0, skippedByCode: {}, rejectedByCode: {} },
    classes: [],
    fields: [],
    recommendedUnfilled: [],
  };
  let failed = false;
  for (const file of files) {
    const entry: InspectResult['inputs'][number] = { file: file === '-' ? '<stdin>' : file, plugins: [] };
    result.inputs.push(entry);
    try {
      const input = await openInput(file, { format: flags.inputFormat, stdin: io.stdin });
      try {
        const plugins: Plugin[] = flags.source
          ? pluginsByIds(registry, flags.source)
          : detectPlugins(registry, await input.sample(), failedPackages);
        entry.plugins = plugins.map((p) => p.id);
        const claimants = plugins.map((plugin) => ({
          translator: plugin.createTranslator({
            ocsfVersion: versionFor(plugin, flags.ocsfVersion),
            options: flags.pluginOptions,
          }),
        }));
        const translator = chainTranslators(claimants);
        for await (const batch of input.records({ text: plugins[0]?.text })) {
          for (const item of batch) {
            result.records.in++;
            if (item.kind === 'issue') {
              count(result.records, item.outcome, item.code);
              continue;
            }
            let outcome: ReturnType<typeof translator.translate>;
            try {
              outcome = translator.translate(item, { location: item.location });
            } catch {
              count(result.records, 'rejected', 'plugin/exception');
              continue;
            }
            if (outcome.kind === 'skipped' || outcome.kind === 'rejected')
              count(result.records, outcome.kind, outcome.code);
            else {
              result.records.translated++;
              result.records.events += outcome.events.length;
              tally(tallies, item, outcome.events);
              for (const event of outcome.events) noteEvent(event, classes, filled);
            }
          }
        }
      } finally {
        await input.close();
      }
    } catch (err) {
      if (!(err instanceof CliError || err instanceof InputError)) throw err;
      failed = true;
      entry.error = err.message;
      io.stderr(`ocsfx: error: ${err.message}`);
    }
  }
  result.classes = [...classes.values()].sort((a, b) => a.classUid - b.classUid);
  result.fields = [...tallies.entries()]
    .map(([field, t]) => ({
      field,
      present: t.present,
      attributes: [...t.hits.entries()]
        .filter(([, n]) => n * 2 >= t.present - t.unmapped && n > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([path, records]) => ({ path, records })),
      unmapped: t.unmapped,
    }))
    .sort((a, b) => a.field.localeCompare(b.field));
  for (const c of result.classes) {
    const recommended = recommendedFor(c.classUid, c.ocsfVersion, flags.ocsfSchema);
    if (recommended === undefined) {
      result.recommendedUnknown = [
        ...(result.recommendedUnknown ?? []),
        { classUid: c.classUid, ocsfVersion: c.ocsfVersion },
      ];
      continue;
    }
    const seen = filled.get(c.classUid);
    result.recommendedUnfilled.push({
      classUid: c.classUid,
      ocsfVersion: c.ocsfVersion,
      attributes: recommended.filter((a) => !seen?.has(a)),
    });
  }
  io.stdout(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatInspect(result));
  return failed ? 1 : 0;
}

/** One record skipped or rejected, by its reason code. */
function count(records: InspectResult['records'], outcome: 'skipped' | 'rejected', code: string): void {
  records[outcome]++;
  const byReason = outcome === 'skipped' ? records.skippedByCode : records.rejectedByCode;
  byReason[code] = (byReason[code] ?? 0) + 1;
}

/** A record's fields with a value: a row's columns, a JSON record's leaves (dotted, as `unmapped` names them). */
export function sourceFields(record: RawRecord): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (record.kind === 'row') {
    record.values.forEach((value, i) => {
      if (value === null || value === '' || value === '-') return;
      out.set(record.columns?.[i] ?? `(column ${i + 1})`, value);
    });
    return out;
  }
  const flat: Record<string, unknown> = {};
  if (record.value !== null && typeof record.value === 'object' && !Array.isArray(record.value)) {
    flattenInto(flat, record.value, '');
  }
  for (const [k, v] of Object.entries(flat)) if (v !== null && v !== '') out.set(k, v);
  return out;
}

/** An event's attribute leaves by path (`src_endpoint.ip`; array elements as `[]`), without `unmapped` and `raw_data`. */
function eventLeaves(value: unknown, prefix: string, out: Map<string, string[]>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) eventLeaves(v, `${prefix}[]`, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (prefix === '' && (k === 'unmapped' || k === 'raw_data' || k === 'observables')) continue;
      eventLeaves(v, prefix === '' ? k : `${prefix}.${k}`, out);
    }
    return;
  }
  const key = String(value);
  const paths = out.get(key);
  if (!paths) out.set(key, [prefix]);
  else if (!paths.includes(prefix)) paths.push(prefix);
}

/** The texts an OCSF attribute may hold for a source value: itself, and epoch ms for times. */
function candidates(value: unknown): string[] {
  if (typeof value === 'object' || value === undefined) return [];
  const text = String(value);
  const out = text.length >= MIN_MATCH ? [text] : [];
  if (/^\d{9,10}$/.test(text)) out.push(String(Number(text) * 1000));
  else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) out.push(String(ms));
  }
  return out;
}

function tally(tallies: Map<string, FieldTally>, record: RawRecord, events: readonly OcsfEvent[]): void {
  const leaves = new Map<string, string[]>();
  const unmapped = new Set<string>();
  for (const event of events) {
    eventLeaves(event, '', leaves);
    const u = event.unmapped;
    if (u && typeof u === 'object') for (const k of Object.keys(u)) unmapped.add(k);
  }
  for (const [field, value] of sourceFields(record)) {
    let t = tallies.get(field);
    if (!t) {
      t = { present: 0, unmapped: 0, hits: new Map() };
      tallies.set(field, t);
    }
    t.present++;
    if (unmapped.has(field)) {
      t.unmapped++;
      continue;
    }
    const seen = new Set<string>();
    for (const text of candidates(value)) for (const path of leaves.get(text) ?? []) seen.add(path);
    for (const path of seen) t.hits.set(path, (t.hits.get(path) ?? 0) + 1);
  }
}

function noteEvent(
  event: OcsfEvent,
  classes: Map<string, { classUid: number; ocsfVersion: string; events: number }>,
  filled: Map<number, Set<string>>,
): void {
  const classUid = typeof event.class_uid === 'number' ? event.class_uid : 0;
  const version = String((event.metadata as { version?: unknown } | undefined)?.version ?? '');
  const key = `${classUid}@${version}`;
  const c = classes.get(key) ?? { classUid, ocsfVersion: version, events: 0 };
  c.events++;
  classes.set(key, c);
  let set = filled.get(classUid);
  if (!set) {
    set = new Set();
    filled.set(classUid, set);
  }
  for (const [k, v] of Object.entries(event)) if (v !== null && v !== undefined) set.add(k);
}

/** A class's recommended attributes from `--ocsf-schema DIR` or the bundled data; undefined when neither has it. */
function recommendedFor(classUid: number, version: string, schemaDir: string | undefined): string[] | undefined {
  if (!schemaDir) return availableVersions().includes(version) ? recommendedAttributes(classUid, version) : undefined;
  try {
    return recommendedAttributes(classUid, version, { schemaDir });
  } catch (err) {
    throw new CliError(
      `--ocsf-schema ${schemaDir}: not an official OCSF schema checkout (${(err as Error).message})`,
      2,
    );
  }
}

/** The human form: an aligned table, then the recommended attributes nobody filled. */
export function formatInspect(r: InspectResult): string {
  const lines: string[] = [];
  const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : '-');
  const reasons = (byReason: Record<string, number>) => {
    const codes = Object.entries(byReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return codes.length ? ` (${codes.map(([code, n]) => `${code} ${n}`).join(', ')})` : '';
  };
  const classes = r.classes.map((c) => `class ${c.classUid} (OCSF ${c.ocsfVersion}): ${c.events} events`);
  lines.push(
    `${r.records.in} records in: ${r.records.translated} translated (${r.records.events} events), ` +
      `${r.records.skipped} skipped${reasons(r.records.skippedByCode)}, ` +
      `${r.records.rejected} rejected${reasons(r.records.rejectedByCode)}` +
      (classes.length ? `; ${classes.join(', ')}` : ''),
  );
  const rows = r.fields.map((f) => [
    f.field,
    String(f.present),
    pct(f.present, r.records.translated),
    f.attributes.length
      ? f.attributes.map((a) => a.path).join(', ')
      : f.unmapped === f.present
        ? ''
        : '(no attribute holds its value)',
    f.unmapped ? `${f.unmapped} (${pct(f.unmapped, f.present)})` : '0',
  ]);
  const header = ['source field', 'present', 'of translated', 'OCSF attribute (by value)', 'in unmapped'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  lines.push('', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  for (const rec of r.recommendedUnfilled) {
    lines.push(
      '',
      `class ${rec.classUid} (OCSF ${rec.ocsfVersion}): recommended attributes no event filled: ${rec.attributes.length ? rec.attributes.join(', ') : 'none'}`,
    );
  }
  for (const c of r.recommendedUnknown ?? []) {
    lines.push(
      '',
      `class ${c.classUid} (OCSF ${c.ocsfVersion}): not in ocsfx's bundled OCSF data; give --ocsf-schema DIR (an official schema checkout of ${c.ocsfVersion}) to list the recommended attributes no event filled`,
    );
  }
  return `${lines.join('\n')}\n`;
}
