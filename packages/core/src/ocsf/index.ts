export { CLOUDTRAIL_AUTH_EVENTS, type CloudTrailAuthEvent, isCloudTrailAuthEvent } from './cloudtrail.js';
export * from './enums.js';
export { isIpAddress, MAX_IP_LENGTH, ocsfIp } from './net.js';
export { buildObservables, getPath, type Observable, type ObservableSpec, setPath } from './observables.js';
export { prune } from './prune.js';
export {
  applyRows,
  type CompiledRow,
  compileRows,
  type MappingRow,
  parseFlag,
  type RowConversion,
  rowsForVersion,
  type VersionedRow,
  type VersionRow,
  WRONG_TYPE,
  type WrongTypeField,
} from './rows.js';
export * from './schema/index.js';
export { MAX_OCSF_STRING, overlongString } from './strings.js';
export { parseIsoTime, secondsToMs, toRfc3339 } from './time.js';
export { flattenInto, unmappedFrom } from './unmapped.js';
export {
  atLeastVersion,
  compareOcsfVersions,
  forVersion,
  isOcsfVersion,
  type SinceTable,
  unsupportedVersion,
} from './versions.js';
