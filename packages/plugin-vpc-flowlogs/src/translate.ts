/**
 * The translator: one record → its field layout (cached per `columns` array) → values read by catalogue
 * type into slots → the mapping table → the conditional rules → observables and `unmapped`.
 */
import {
  type CellValue,
  LOG_FORMAT_NAMES,
  type Observable,
  type OcsfEvent,
  type Outcome,
  ocsfIp,
  type RawRecord,
  type RecordContext,
  type RowRecord,
  rejected,
  skipped,
  type Translator,
} from '@ocsfx/core';
import { createVpcEncoder } from './encode.js';
import { FIELDS, type FieldId, type FieldType, fieldId } from './fields.js';
import {
  CLASS,
  CLOUD_PROVIDER,
  COMPILED_OBSERVABLES,
  type CompiledObservable,
  compileRows,
  compileRowWriter,
  IS_MAPPED,
  PRODUCT,
} from './mapping.js';
import { REASON } from './reasons.js';
import { RULES } from './rules.js';
import { DEFAULT_VERSION, targetFor, type VpcTarget } from './versions.js';
import { DEFAULT_LAYOUT, type Layout, LayoutCache, layoutOf } from './vpc-format.js';

export interface VpcTranslatorOptions {
  /** Field names of headerless records (`--vpc-format`), already parsed. */
  readonly format?: readonly string[] | undefined;
  /** Drop NODATA / SKIPDATA records as skipped (`--skip-nodata`). */
  readonly skipNodata?: boolean;
  /** The OCSF version to emit (one of OCSF_VERSIONS); the default is DEFAULT_VERSION. */
  readonly ocsfVersion?: string;
}

const VERSION = fieldId('version');
const LOG_STATUS = fieldId('log-status');
const SRCPORT = fieldId('srcport');
const DSTPORT = fieldId('dstport');
const PROTOCOL = fieldId('protocol');
const PACKETS = fieldId('packets');
const BYTES = fieldId('bytes');
const DEFAULT_FIELD_COUNT = DEFAULT_LAYOUT.names.length;

/** Marks a value that is not of its field's type. */
const INVALID = Symbol('invalid');
type Read = string | number | undefined | typeof INVALID;

const MAX_INT = 2147483647;
const MAX_PORT = 65535;
/**
 * OCSF 1.0.0-rc.2 and 1.1.0 cap string_t at 65,535 characters; a longer field would make an invalid
 * event, and cutting it would change what the source said, so the record is rejected.
 */
const MAX_STRING = 65535;

export function createVpcTranslator(options: VpcTranslatorOptions = {}): Translator {
  const cache = new LayoutCache();
  const declared = options.format ? layoutOf(options.format) : undefined;
  const skipNodata = options.skipNodata === true;
  const target = targetFor(options.ocsfVersion ?? DEFAULT_VERSION);
  const writeRows = compileRowWriter(compileRows(target.version));
  // One slot array reused for every record (translate is synchronous): no per-record allocation for it.
  const slots: (string | number | undefined)[] = new Array(FIELDS.length).fill(undefined);
  const encoder = createVpcEncoder(target);

  function layoutFor(record: RowRecord): Layout | Outcome {
    if (record.columns !== null) return cache.get(record.columns);
    if (declared) return declared;
    // CloudWatch Logs records carry no header: only the AWS default format can be recognised by itself.
    const first = record.values[0];
    if (record.values.length === DEFAULT_FIELD_COUNT && (first === '2' || first === 2)) return DEFAULT_LAYOUT;
    return rejected(
      REASON.unknownFormat,
      `a record without a header line (${record.values.length} fields) that is not in the AWS default format; pass the flow log's format with --vpc-format '\${version} \${account-id} \${interface-id} …' (its LogFormat)`,
    );
  }

  return {
    encodeJson: encoder.encode,
    translate(record: RawRecord, ctx?: RecordContext): Outcome {
      encoder.mark(undefined);
      if (record.kind !== 'row') {
        return rejected(
          REASON.notARecord,
          'a JSON value is not a VPC flow log record (CloudWatch Logs events must carry the record in "message")',
        );
      }
      const layout = layoutFor(record);
      if ('kind' in layout) return layout;
      if (layout.error) return rejected(layout.error.code, layout.error.reason, layout.error.field);
      const values = record.values;
      const names = layout.names;
      if (values.length !== names.length) {
        const missing = values.length < names.length ? names[values.length] : undefined;
        return rejected(
          REASON.fieldCount,
          `the record has ${values.length} fields where its format has ${names.length}${missing === undefined ? '' : ` (first missing: ${missing})`}`,
          missing,
        );
      }

      slots.fill(undefined);
      let unmapped: Record<string, unknown> | undefined;
      const fields = layout.fields;
      for (let i = 0; i < values.length; i++) {
        const raw = values[i] as CellValue;
        if (raw === null || raw === '-' || raw === '') continue;
        const id = fields[i] as number;
        if (id < 0 || IS_MAPPED[id] === 0) {
          unmapped ??= {};
          setField(unmapped, names[i] as string, jsonValue(raw));
          continue;
        }
        const type = (FIELDS[id] as { type: FieldType }).type;
        const value = readValue(raw, type);
        if (value === INVALID) return invalid(names[i] as string, raw, type);
        slots[id] = value;
        if (type === 'ip' && value !== raw) {
          // Shortened address: keep the text as written too, so nothing the source said is lost.
          unmapped ??= {};
          setField(unmapped, names[i] as string, raw);
        }
      }

      const status = slots[LOG_STATUS];
      if (skipNodata && (status === 'NODATA' || status === 'SKIPDATA')) {
        return status === 'NODATA'
          ? skipped(REASON.nodata, 'NODATA record (no traffic in the capture window), dropped by --skip-nodata')
          : skipped(
              REASON.skipdata,
              'SKIPDATA record (records skipped in the capture window), dropped by --skip-nodata',
            );
      }

      const event = newEvent(slots[VERSION], target, record, ctx);
      writeRows(event, slots);
      for (const rule of RULES) {
        const problem = rule(slots, event, target);
        if (problem) return rejected(problem.code, problem.reason, spelled(layout, problem.field));
      }
      const observables = observablesOf(event);
      if (observables) event['observables'] = observables;
      if (unmapped) event['unmapped'] = unmapped;
      // The table made the endpoints, connection_info and traffic first: the shape encode.ts writes.
      if (
        slots[SRCPORT] !== undefined &&
        slots[DSTPORT] !== undefined &&
        slots[PROTOCOL] !== undefined &&
        (slots[PACKETS] !== undefined || slots[BYTES] !== undefined)
      ) {
        encoder.mark(event);
      }
      // NODATA / SKIPDATA records are emitted (activity 0 Unknown) and counted apart in the stats.
      if (status === 'NODATA') return { kind: 'emitted', events: [event], code: REASON.nodata };
      if (status === 'SKIPDATA') return { kind: 'emitted', events: [event], code: REASON.skipdata };
      return { kind: 'emitted', events: [event] };
    },
  };
}

function newEvent(
  version: string | number | undefined,
  target: VpcTarget,
  record: RowRecord,
  ctx: RecordContext | undefined,
): OcsfEvent {
  const product: Record<string, unknown> = {
    name: PRODUCT.name,
    vendor_name: PRODUCT.vendor_name,
    feature: { name: PRODUCT.feature },
  };
  if (version !== undefined) product['version'] = String(version);
  const metadata: Record<string, unknown> = { product, profiles: [...target.profiles], version: target.version };
  if (target.logSource && ctx !== undefined) {
    metadata['log_source'] = ctx.location.file;
    if (ctx.format !== undefined) metadata['log_format'] = LOG_FORMAT_NAMES[ctx.format];
  }
  const event: OcsfEvent = {
    activity_id: 0,
    activity_name: 'Unknown',
    category_uid: CLASS.category_uid,
    category_name: CLASS.category_name,
    class_uid: CLASS.class_uid,
    class_name: CLASS.class_name,
    severity_id: CLASS.severity_id,
    severity: CLASS.severity,
    type_uid: 0,
    type_name: '',
    metadata,
    cloud: { provider: CLOUD_PROVIDER },
  };
  if (target.rawDataSize && record.text !== undefined) event['raw_data_size'] = Buffer.byteLength(record.text);
  return event;
}

/** The observables of one endpoint, in OBSERVABLES order: intermediate addresses, address, instance. */
interface EndpointObservables {
  readonly intermediate: CompiledObservable;
  readonly ip: CompiledObservable;
  readonly instance: CompiledObservable;
}

function endpointSpecs(object: 'src_endpoint' | 'dst_endpoint'): EndpointObservables {
  const find = (name: string) => {
    const spec = COMPILED_OBSERVABLES.find((o) => o.name === name);
    if (spec === undefined) throw new Error(`OBSERVABLES has no ${name}`);
    return spec;
  };
  return {
    intermediate: find(`${object}.intermediate_ips[]`),
    ip: find(`${object}.ip`),
    instance: find(`${object}.instance_uid`),
  };
}

const DST_OBSERVABLES = endpointSpecs('dst_endpoint');
const SRC_OBSERVABLES = endpointSpecs('src_endpoint');
// observablesOf below is OBSERVABLES written out (one named read per attribute instead of a keyed read per
// spec, 10% of translate): it must be exactly these six, in this order.
if (
  COMPILED_OBSERVABLES.map((o) => o.name).join(' ') !==
  [DST_OBSERVABLES, SRC_OBSERVABLES].flatMap((e) => [e.intermediate.name, e.ip.name, e.instance.name]).join(' ')
) {
  throw new Error('observablesOf does not follow OBSERVABLES');
}

interface EndpointValues {
  intermediate_ips?: string[];
  ip?: string;
  instance_uid?: string;
}

/** The observables of OBSERVABLES, as core's buildObservables makes them (destination first). */
function observablesOf(event: OcsfEvent): Observable[] | undefined {
  let out: Observable[] | undefined;
  const dst = event['dst_endpoint'] as EndpointValues | undefined;
  if (dst !== undefined) out = endpointObservables(dst, DST_OBSERVABLES, out);
  const src = event['src_endpoint'] as EndpointValues | undefined;
  if (src !== undefined) out = endpointObservables(src, SRC_OBSERVABLES, out);
  return out;
}

function endpointObservables(
  endpoint: EndpointValues,
  specs: EndpointObservables,
  list: Observable[] | undefined,
): Observable[] | undefined {
  let out = list;
  const intermediate = endpoint.intermediate_ips;
  if (intermediate !== undefined) {
    const spec = specs.intermediate;
    out ??= [];
    for (const value of intermediate) out.push({ name: spec.name, type: spec.type, type_id: spec.typeId, value });
  }
  const ip = endpoint.ip;
  if (ip !== undefined) {
    const spec = specs.ip;
    out ??= [];
    out.push({ name: spec.name, type: spec.type, type_id: spec.typeId, value: ip });
  }
  const instance = endpoint.instance_uid;
  if (instance !== undefined) {
    const spec = specs.instance;
    out ??= [];
    out.push({ name: spec.name, type: spec.type, type_id: spec.typeId, value: instance });
  }
  return out;
}

/** Reads a raw cell by its field's catalogue type; INVALID when it is not of that type. */
function readValue(raw: CellValue, type: FieldType): Read {
  switch (type) {
    case 'string':
      if (typeof raw !== 'string') return String(raw);
      return raw.length > MAX_STRING ? INVALID : raw;
    case 'ip':
      // OCSF caps ip_t at 40 characters: a long IPv6 spelling comes out in its canonical form.
      return typeof raw === 'string' ? (ocsfIp(raw) ?? INVALID) : INVALID;
    case 'port':
      return readInteger(raw, MAX_PORT);
    case 'int':
      return readInteger(raw, MAX_INT);
    default:
      return readInteger(raw, Number.MAX_SAFE_INTEGER);
  }
}

/** A non-negative decimal integer up to `max`, from text, a Parquet number or an INT64 bigint. */
function readInteger(raw: CellValue, max: number): number | typeof INVALID {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 && raw <= max ? raw : INVALID;
  if (typeof raw === 'bigint') return raw >= 0n && raw <= BigInt(max) ? Number(raw) : INVALID;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 16) return INVALID;
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return INVALID;
    n = n * 10 + d;
  }
  return n <= max ? n : INVALID;
}

function invalid(name: string, raw: CellValue, type: FieldType): Outcome {
  const shown = typeof raw === 'string' ? `"${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}"` : String(raw);
  switch (type) {
    case 'ip':
      return rejected(REASON.invalidAddress, `${name} ${shown} is not an IP address`, name);
    case 'port':
      return rejected(REASON.invalidPort, `${name} ${shown} is not a port number (0–65535)`, name);
    case 'string':
      return rejected(
        REASON.valueTooLong,
        `${name} ${shown} is ${(raw as string).length} characters long; OCSF strings hold at most 65,535`,
        name,
      );
    default:
      return rejected(REASON.invalidNumber, `${name} ${shown} is not a non-negative integer`, name);
  }
}

/**
 * `unmapped[name] = value` for a column name from the file: a column named `__proto__` must become a key,
 * not the object's prototype (a plain assignment would drop it, and with it the value).
 */
function setField(unmapped: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(unmapped, name, { value, writable: true, enumerable: true, configurable: true });
  } else {
    unmapped[name] = value;
  }
}

/** A cell as JSON can hold it: INT64 bigints become numbers when exact, text otherwise. */
function jsonValue(raw: string | number | bigint | boolean): string | number | boolean {
  if (typeof raw !== 'bigint') return raw;
  return raw <= BigInt(Number.MAX_SAFE_INTEGER) && raw >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(raw)
    : raw.toString();
}

/** The name of a catalogue field as this layout spells it (reject reasons name the input's column). */
function spelled(layout: Layout, id: FieldId): string {
  const i = layout.fields.indexOf(id);
  return i === -1 ? (FIELDS[id] as { name: string }).name : (layout.names[i] as string);
}
