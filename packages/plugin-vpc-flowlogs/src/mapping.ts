/**
 * The dossier's mapping table (vpc-flowlogs.md, OCSF 1.1.0): raw field → OCSF attribute. Values arrive
 * already read by their catalogue type (fields.ts: numbers stay numbers, `account-id` stays text); `as`
 * converts for the OCSF attribute where the types differ. The conditional rows of the dossier (addresses,
 * flow direction, action, traffic path, log status, time) are the named rules in rules.ts. Every field in
 * neither place goes to `unmapped` under its original name.
 */
import { forVersion, OBSERVABLE_TYPE, type ObservableSpec, type SinceTable } from '@ocsfx/core';
import { FIELDS, type FieldId, type FieldName, fieldId } from './fields.js';

/**
 * - `string`: the number becomes text (`version` 5 → `metadata.product.version` "5");
 * - `ms`: epoch seconds → epoch milliseconds (`timestamp_t`).
 * Without `as` the value is taken as read.
 */
export type Conversion = 'string' | 'ms';

export interface MappingRow {
  readonly raw: FieldName;
  /**
   * The OCSF attribute path; where it differs between OCSF versions, a since table (first version → path,
   * `null` = not written in that version; see versions.ts).
   */
  readonly ocsf: string | SinceTable<string | null>;
  readonly as?: Conversion;
}

export const MAPPING: readonly MappingRow[] = [
  { raw: 'version', ocsf: 'metadata.product.version', as: 'string' },
  // rc.2 has no `account` object: the account id is `cloud.account_uid`.
  { raw: 'account-id', ocsf: { '1.0.0-rc.2': 'cloud.account_uid', '1.1.0': 'cloud.account.uid' } },
  { raw: 'region', ocsf: 'cloud.region' },
  { raw: 'az-id', ocsf: 'cloud.zone' },
  { raw: 'srcport', ocsf: 'src_endpoint.port' },
  { raw: 'dstport', ocsf: 'dst_endpoint.port' },
  { raw: 'protocol', ocsf: 'connection_info.protocol_num' },
  { raw: 'packets', ocsf: 'traffic.packets' },
  { raw: 'bytes', ocsf: 'traffic.bytes' },
  { raw: 'start', ocsf: 'start_time', as: 'ms' },
  { raw: 'end', ocsf: 'end_time', as: 'ms' },
  // 1.8.0's network_traffic carries the window its counts cover.
  { raw: 'start', ocsf: { '1.0.0-rc.2': null, '1.8.0': 'traffic.start_time' }, as: 'ms' },
  { raw: 'end', ocsf: { '1.0.0-rc.2': null, '1.8.0': 'traffic.end_time' }, as: 'ms' },
  { raw: 'tcp-flags', ocsf: 'connection_info.tcp_flags' },
  { raw: 'pkt-src-aws-service', ocsf: 'src_endpoint.svc_name' },
  { raw: 'pkt-dst-aws-service', ocsf: 'dst_endpoint.svc_name' },
  { raw: 'log-status', ocsf: 'status_code' },
];

/** Fields read by the conditional rules (rules.ts) rather than by a table row. */
export const RULE_FIELDS: readonly FieldName[] = [
  'srcaddr',
  'dstaddr',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'flow-direction',
  'interface-id',
  'vpc-id',
  'instance-id',
  'subnet-id',
  'action',
  'log-status',
  'traffic-path',
  'start',
  'end',
  // The dossier's `protocol_ver`; AWS names the field `type` (IPv4, IPv6, EFA).
  'type',
];

/** Constant attributes of every event (dossier header). */
export const CLASS = {
  category_uid: 4,
  category_name: 'Network Activity',
  class_uid: 4001,
  class_name: 'Network Activity',
  severity_id: 1,
  severity: 'Informational',
} as const;

export const PRODUCT = { name: 'Amazon VPC', vendor_name: 'AWS', feature: 'Flowlogs' } as const;
export const CLOUD_PROVIDER = 'AWS';

/** Observables: every IP address (type 2) and instance id (Resource UID, 10), destination first. */
export const OBSERVABLES: ObservableSpec = [
  ['dst_endpoint.intermediate_ips[]', 2],
  ['dst_endpoint.ip', 2],
  ['dst_endpoint.instance_uid', 10],
  ['src_endpoint.intermediate_ips[]', 2],
  ['src_endpoint.ip', 2],
  ['src_endpoint.instance_uid', 10],
];

/** A table row compiled for the hot path: field slot, path segments. */
export interface CompiledRow {
  readonly field: FieldId;
  readonly path: readonly string[];
  readonly as: Conversion | undefined;
}

/** The table's rows for one OCSF version, compiled (rows without a path in that version left out). */
export function compileRows(version: string): CompiledRow[] {
  const out: CompiledRow[] = [];
  for (const row of MAPPING) {
    const path = typeof row.ocsf === 'string' ? row.ocsf : forVersion(row.ocsf, version);
    if (path !== null) out.push({ field: fieldId(row.raw), path: path.split('.'), as: row.as });
  }
  return out;
}

/** Writes a record's table rows into its event: `slots` are the record's values by field id. */
export type RowWriter = (event: Record<string, unknown>, slots: readonly (string | number | undefined)[]) => void;

/**
 * The rows as one function of straight-line code, made once per translator: per row, a read of the
 * field's slot, the objects on the path made when absent (as `put` makes them) and one store, every key a
 * constant (a property access V8 resolves per site, where a loop over paths does a keyed lookup per
 * segment). Paths and keys come from MAPPING only, quoted with JSON.stringify.
 */
export function compileRowWriter(rows: readonly CompiledRow[]): RowWriter {
  const code: string[] = [];
  for (const row of rows) {
    const convert = row.as === 'string' ? 'String(v)' : row.as === 'ms' ? 'v * 1000' : 'v';
    code.push(`v = s[${row.field}];`, 'if (v !== undefined) {');
    let parent = 'e';
    row.path.forEach((segment, depth) => {
      const key = JSON.stringify(segment);
      if (depth === row.path.length - 1) {
        code.push(`  ${parent}[${key}] = ${convert};`);
        return;
      }
      const obj = `o${depth}`;
      code.push(
        `  ${obj} = ${parent}[${key}];`,
        `  if (${obj} === undefined) { ${obj} = {}; ${parent}[${key}] = ${obj}; }`,
      );
      parent = obj;
    });
    code.push('}');
  }
  const depth = Math.max(1, ...rows.map((r) => r.path.length));
  const vars = ['v', ...Array.from({ length: depth }, (_, i) => `o${i}`)].join(', ');
  return new Function('e', 's', `'use strict';\nlet ${vars};\n${code.join('\n')}`) as RowWriter;
}

/** 1 for every catalogue field the table or a rule reads; the others go to `unmapped`. */
export const IS_MAPPED: Uint8Array = (() => {
  const mapped = new Uint8Array(FIELDS.length);
  for (const row of MAPPING) mapped[fieldId(row.raw)] = 1;
  for (const name of RULE_FIELDS) mapped[fieldId(name)] = 1;
  return mapped;
})();

/** An OBSERVABLES entry compiled for the hot path: `object.attribute`, array or not, type caption. */
export interface CompiledObservable {
  readonly name: string;
  readonly object: string;
  readonly attribute: string;
  readonly isArray: boolean;
  readonly typeId: number;
  readonly type: string;
}

export const COMPILED_OBSERVABLES: readonly CompiledObservable[] = OBSERVABLES.map(([name, typeId]) => {
  const isArray = name.endsWith('[]');
  const [object, attribute] = (isArray ? name.slice(0, -2) : name).split('.') as [string, string];
  return { name, object, attribute, isArray, typeId, type: OBSERVABLE_TYPE[typeId] };
});
