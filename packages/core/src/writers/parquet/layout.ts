import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ParquetCompression } from './compression.js';
import { ParquetEncodeError } from './encode.js';

export type ParquetLayout = 'security-lake' | 'plain';

/** The value a partition takes when the event does not carry it. */
export const UNKNOWN_PARTITION = 'unknown';

export interface Partition {
  region: string;
  accountId: string;
  eventDay: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Keeps a partition value a single, harmless path segment: anything other than letters, digits, `-`, `_`
 * and `.` becomes `_`, and `.`/`..` are refused, so an event can never steer a write outside its partition.
 */
export function partitionValue(value: string | undefined): string {
  if (value === undefined) return UNKNOWN_PARTITION;
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? UNKNOWN_PARTITION : safe;
}

/** `20240911` from epoch milliseconds, in UTC. */
export function eventDay(time: unknown): string {
  if (typeof time !== 'number' || !Number.isFinite(time)) return UNKNOWN_PARTITION;
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return UNKNOWN_PARTITION;
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return UNKNOWN_PARTITION;
  return `${String(y).padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

function regionText(event: Readonly<Record<string, unknown>>): string | undefined {
  return text(record(event['cloud'])?.['region']);
}

function accountText(event: Readonly<Record<string, unknown>>): string | undefined {
  const cloud = record(event['cloud']);
  const actorUser = record(record(event['actor'])?.['user']);
  // Authentication (3002) also names the user signing in at the top level.
  const user = record(event['user']);
  return (
    text(record(cloud?.['account'])?.['uid']) ??
    text(cloud?.['account_uid']) ??
    text(actorUser?.['account_uid']) ??
    text(record(actorUser?.['account'])?.['uid']) ??
    text(user?.['account_uid']) ??
    text(record(user?.['account'])?.['uid'])
  );
}

/**
 * Security Lake partition values of one event: region from `cloud.region`; account from `cloud.account.uid`
 * (1.1.0), `cloud.account_uid` (1.0.0-rc.2), then `account_uid` (rc.2) or `account.uid` (1.1.0) of
 * `actor.user`, then of `user`; day from `time` (UTC). Missing values become `unknown`.
 */
export function partitionOf(event: Readonly<Record<string, unknown>>): Partition {
  return partitionFrom(regionText(event), accountText(event), event['time']);
}

function partitionFrom(region: string | undefined, account: string | undefined, time: unknown): Partition {
  return { region: partitionValue(region), accountId: partitionValue(account), eventDay: eventDay(time) };
}

const DAY_MS = 86_400_000;
/** The last millisecond `eventDay` formats (9999-12-31). */
const LAST_MS = 253_402_300_799_999;
/** Partitions a cache keeps (region × account × day seen); beyond it starts afresh. */
const MAX_CACHED_PARTITIONS = 4096;

/**
 * `partitionOf` over a stream of events, without the sanitising and the date formatting for a partition
 * already seen: by raw region, raw account and UTC day. Gives the same object back for the same region,
 * account and day as events carry them, so callers can key on it (they only read it).
 */
export class PartitionCache {
  readonly #byRegion = new Map<string | undefined, Map<string | undefined, Map<number | string, Partition>>>();
  #size = 0;

  of(event: Readonly<Record<string, unknown>>): Partition {
    const region = regionText(event);
    const account = accountText(event);
    const time = event['time'];
    // Times from 1970 to 9999 share a day by the day's first millisecond (whole milliseconds, as Date
    // takes them); any other time is keyed by the day it formats to (`unknown`, or a day before 1970).
    const ms = typeof time === 'number' ? Math.trunc(time) : Number.NaN;
    const day = ms >= 0 && ms <= LAST_MS ? ms - (ms % DAY_MS) : eventDay(time);
    let byAccount = this.#byRegion.get(region);
    let byDay = byAccount?.get(account);
    const known = byDay?.get(day);
    if (known !== undefined) return known;
    if (this.#size >= MAX_CACHED_PARTITIONS) {
      this.#byRegion.clear();
      this.#size = 0;
      byAccount = undefined;
      byDay = undefined;
    }
    if (byAccount === undefined) {
      byAccount = new Map();
      this.#byRegion.set(region, byAccount);
    }
    if (byDay === undefined) {
      byDay = new Map();
      byAccount.set(account, byDay);
    }
    const partition = partitionFrom(region, account, time);
    byDay.set(day, partition);
    this.#size++;
    return partition;
  }
}

export function fileExtension(compression: ParquetCompression): string {
  return compression === 'gzip' ? '.gz.parquet' : '.zstd.parquet';
}

/** `ext/<source>/region=<r>/accountId=<a>/eventDay=<YYYYMMDD>/<uuid>.gz.parquet`, under `root`. */
export function securityLakePath(
  root: string,
  sourceName: string,
  partition: Partition,
  compression: ParquetCompression,
): string {
  return join(
    root,
    'ext',
    sourceName,
    `region=${partition.region}`,
    `accountId=${partition.accountId}`,
    `eventDay=${partition.eventDay}`,
    `${randomUUID()}${fileExtension(compression)}`,
  );
}

/** `<class_uid>-<uuid>.gz.parquet`, directly under `root`. */
export function plainPath(root: string, classUid: number, compression: ParquetCompression): string {
  return join(root, `${classUid}-${randomUUID()}${fileExtension(compression)}`);
}

/** Source names as Security Lake accepts them for custom sources: letters, digits, `-` and `_`, 1–64 long. */
export function checkSourceName(name: string): string | undefined {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name)
    ? undefined
    : `source name "${name}" must be 1 to 64 letters, digits, "-" or "_" (a Security Lake custom source name)`;
}

/**
 * Security Lake custom source names: one name for a run of one OCSF class, or a name per `class_uid`
 * (`{ 3002: 'ct-auth', 6003: 'ct-api' }`, with an optional `'*'` for the one class not listed). A custom
 * source is registered in Security Lake with one OCSF event class, so every class gets a source of its own.
 */
export type LakeSourceNames = string | Readonly<Record<string, string>>;

/**
 * Which source each class goes to, for one run: checks the names up front (a problem → an Error whose
 * message says what to change), then `nameFor` answers per event, or throws a ParquetEncodeError
 * (`parquet/class`) for an event no source may take — the caller rejects that record, the run goes on.
 */
export class LakeSources {
  readonly #byClass = new Map<number, string>();
  readonly #fallback: string | undefined;
  /** What each source holds so far: `class_uid@version`, the first one it was given. */
  readonly #holds = new Map<string, string>();

  constructor(names: LakeSourceNames | undefined) {
    const entries = typeof names === 'string' ? [['*', names] as const] : Object.entries(names ?? {});
    if (entries.length === 0) throw new Error('the security-lake Parquet layout needs a source name (--source-name)');
    const seen = new Map<string, string>();
    let fallback: string | undefined;
    for (const [key, name] of entries) {
      const problem = checkSourceName(name);
      if (problem) throw new Error(problem);
      const owner = seen.get(name);
      if (owner !== undefined) {
        throw new Error(
          `source name "${name}" is given to ${owner} and to ${key}: a custom source holds one OCSF class`,
        );
      }
      seen.set(name, key === '*' ? 'the classes not listed' : `class ${key}`);
      if (key === '*') fallback = name;
      else if (/^\d+$/.test(key)) this.#byClass.set(Number(key), name);
      else throw new Error(`"${key}=${name}": expected CLASS_UID=NAME, e.g. 4001=${name}`);
    }
    this.#fallback = fallback;
  }

  nameFor(classUid: number, version: string): string {
    const name = this.#byClass.get(classUid) ?? this.#fallback;
    const classKey = `${classUid}@${version}`;
    if (name === undefined) {
      throw new ParquetEncodeError(
        'parquet/class',
        `no Security Lake source name for OCSF class ${classUid}: add --source-name ${classUid}=NAME (a custom source holds one class)`,
      );
    }
    const held = this.#holds.get(name);
    if (held === undefined) this.#holds.set(name, classKey);
    else if (held !== classKey) {
      throw new ParquetEncodeError(
        'parquet/class',
        `the Security Lake source "${name}" already holds OCSF ${held}, and a custom source holds one class and version; give this class its own: --source-name ${classUid}=NAME`,
      );
    }
    return name;
  }
}
