/**
 * What differs between the OCSF versions this plugin emits, as data: one "since" table per difference (the
 * first version a value applies to → the value, which holds until the next key; see core's `forVersion`).
 * Every row was checked against that version's official schema (dictionary.json, objects/, events/). The
 * mapping table (mapping.ts) and the rules (rules.ts) read the resolved `VpcTarget`, never the version.
 *
 * Adding an OCSF version: its number in OCSF_VERSIONS, and a row in each table below where it differs.
 */
import { forVersion, type SinceTable, unsupportedVersion } from '@ocsfx/core';

export const OCSF_VERSIONS = ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0'] as const;
export type OcsfVersion = (typeof OCSF_VERSIONS)[number];
/** The dossier's version, and Security Lake's source version 2. */
export const DEFAULT_VERSION: OcsfVersion = '1.1.0';

/** A record without an action names no verdict; what the security_control profile then requires. */
export type UnknownVerdict = 'disposition_id' | 'action_id' | null;

export const BY_VERSION = {
  /**
   * `metadata.profiles`. rc.2's datetime profile exists, but Security Lake's rc.2 output (the dossier
   * sample) names only these two and has no `*_dt` attributes; we do the same.
   */
  profiles: {
    '1.0.0-rc.2': ['cloud', 'security_control'],
    '1.1.0': ['cloud', 'security_control', 'datetime'],
  },
  /** `action_id` / `action` (security_control): rc.2's profile has only `disposition_id`. */
  action: { '1.0.0-rc.2': false, '1.1.0': true },
  /**
   * The verdict attribute the security_control profile requires, written as 0 "Unknown" for a record
   * without an action (NODATA): `disposition_id` in rc.2, `action_id` in 1.1.0, none from 1.5.0 on.
   */
  unknownVerdict: { '1.0.0-rc.2': 'disposition_id', '1.1.0': 'action_id', '1.5.0': null },
  /**
   * Both endpoints are required up to 1.1.0; from 1.5.0 (the change came in 1.3.0) the `network` class
   * asks for at least one. A side with nothing to name then gets the interface id only in the older versions.
   */
  fillMissingEndpoint: { '1.0.0-rc.2': true, '1.5.0': false },
  /** `duration` is `integer_t` (32-bit) up to 1.1.0 and `long_t` from 1.5.0. */
  maxDuration: { '1.0.0-rc.2': 2147483647, '1.5.0': Number.MAX_SAFE_INTEGER },
  /** `raw_data_size` (base event) from 1.5.0: the byte length of a text record. */
  rawDataSize: { '1.0.0-rc.2': false, '1.5.0': true },
  /**
   * 1.8.0 (not in 1.5.0): `observation_point_id` (the monitored interface is the source on egress, the
   * destination on ingress), `is_src_dst_assignment_known` (from `tcp-flags`), `traffic.start_time` /
   * `end_time` (the capture window), `metadata.log_source` (the input file) / `log_format` (its format).
   */
  observationPoint: { '1.0.0-rc.2': false, '1.8.0': true },
  srcDstAssignment: { '1.0.0-rc.2': false, '1.8.0': true },
  logSource: { '1.0.0-rc.2': false, '1.8.0': true },
} as const satisfies Record<string, SinceTable<unknown>>;

/** BY_VERSION resolved for one version: what the translator reads. */
export interface VpcTarget {
  readonly version: OcsfVersion;
  readonly profiles: readonly string[];
  /** Whether the datetime profile is named (then every time gets its `_dt` twin). */
  readonly datetime: boolean;
  readonly action: boolean;
  readonly unknownVerdict: UnknownVerdict;
  readonly fillMissingEndpoint: boolean;
  readonly maxDuration: number;
  readonly rawDataSize: boolean;
  readonly observationPoint: boolean;
  readonly srcDstAssignment: boolean;
  readonly logSource: boolean;
}

export function isSupported(version: string): version is OcsfVersion {
  return (OCSF_VERSIONS as readonly string[]).includes(version);
}

export function targetFor(version: string): VpcTarget {
  if (!isSupported(version)) throw unsupportedVersion('vpc-flowlogs', version, OCSF_VERSIONS);
  const profiles = forVersion<readonly string[]>(BY_VERSION.profiles, version);
  return {
    version,
    profiles,
    datetime: profiles.includes('datetime'),
    action: forVersion<boolean>(BY_VERSION.action, version),
    unknownVerdict: forVersion<UnknownVerdict>(BY_VERSION.unknownVerdict, version),
    fillMissingEndpoint: forVersion<boolean>(BY_VERSION.fillMissingEndpoint, version),
    maxDuration: forVersion<number>(BY_VERSION.maxDuration, version),
    rawDataSize: forVersion<boolean>(BY_VERSION.rawDataSize, version),
    observationPoint: forVersion<boolean>(BY_VERSION.observationPoint, version),
    srcDstAssignment: forVersion<boolean>(BY_VERSION.srcDstAssignment, version),
    logSource: forVersion<boolean>(BY_VERSION.logSource, version),
  };
}
