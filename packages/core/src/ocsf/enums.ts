import type { InputFormat } from '../plugin/types.js';

/**
 * OCSF enum ids and captions for the attributes ocsfx emits, taken from the official schema
 * (dictionary.json and the class definitions). Tables are `as const` so ids and captions type-check.
 */

export const SEVERITY = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
  6: 'Fatal',
  99: 'Other',
} as const;
export const STATUS = { 0: 'Unknown', 1: 'Success', 2: 'Failure', 99: 'Other' } as const;
export const ACTION = { 0: 'Unknown', 1: 'Allowed', 2: 'Denied', 99: 'Other' } as const;
export const DISPOSITION = {
  0: 'Unknown',
  1: 'Allowed',
  2: 'Blocked',
  3: 'Quarantined',
  4: 'Isolated',
  5: 'Deleted',
  6: 'Dropped',
  7: 'Custom Action',
  8: 'Approved',
  9: 'Restored',
  10: 'Exonerated',
  11: 'Corrected',
  12: 'Partially Corrected',
  13: 'Uncorrected',
  14: 'Delayed',
  15: 'Detected',
  16: 'No Action',
  17: 'Logged',
  18: 'Tagged',
  19: 'Alert',
  20: 'Count',
  21: 'Reset',
  22: 'Captcha',
  23: 'Challenge',
  24: 'Access Revoked',
  25: 'Rejected',
  26: 'Unauthorized',
  27: 'Error',
  99: 'Other',
} as const;
export const DIRECTION = { 0: 'Unknown', 1: 'Inbound', 2: 'Outbound', 3: 'Lateral', 99: 'Other' } as const;
export const BOUNDARY = {
  0: 'Unknown',
  1: 'Localhost',
  2: 'Internal',
  3: 'External',
  4: 'Same VPC',
  5: 'Internet/VPC Gateway',
  6: 'Virtual Private Gateway',
  7: 'Intra-region VPC',
  8: 'Inter-region VPC',
  9: 'Local Gateway',
  10: 'Gateway VPC',
  11: 'Internet Gateway',
  99: 'Other',
} as const;

export const NETWORK_ACTIVITY = {
  0: 'Unknown',
  1: 'Open',
  2: 'Close',
  3: 'Reset',
  4: 'Fail',
  5: 'Refuse',
  6: 'Traffic',
  7: 'Listen',
  99: 'Other',
} as const;

export const AUTHENTICATION_ACTIVITY = {
  0: 'Unknown',
  1: 'Logon',
  2: 'Logoff',
  3: 'Authentication Ticket',
  4: 'Service Ticket Request',
  5: 'Service Ticket Renew',
  6: 'Preauth',
  99: 'Other',
} as const;

/** Observable type ids (object `observable`, attribute `type_id`). */
export const OBSERVABLE_TYPE = {
  0: 'Unknown',
  1: 'Hostname',
  2: 'IP Address',
  3: 'MAC Address',
  4: 'User Name',
  5: 'Email Address',
  6: 'URL String',
  7: 'File Name',
  8: 'Hash',
  9: 'Process Name',
  10: 'Resource UID',
  11: 'Port',
  12: 'Subnet',
  13: 'Command Line',
  14: 'Country',
  15: 'Process ID',
  16: 'HTTP User-Agent',
  17: 'CWE Object: uid',
  18: 'CVE Object: uid',
  19: 'User Credential ID',
  20: 'Endpoint',
  21: 'User',
  22: 'Email',
  23: 'Uniform Resource Locator',
  24: 'Organization',
  25: 'Process',
  26: 'File',
  99: 'Other',
} as const;
export type ObservableTypeId = keyof typeof OBSERVABLE_TYPE;

/** Category captions changed between versions (category 3 was "Audit Activity" before 1.0.0). */
const CATEGORIES_1_1 = {
  1: 'System Activity',
  2: 'Findings',
  3: 'Identity & Access Management',
  4: 'Network Activity',
  5: 'Discovery',
  6: 'Application Activity',
} as const;
const CATEGORIES_1_5 = { ...CATEGORIES_1_1, 7: 'Remediation', 8: 'Unmanned Systems' } as const;

/** Category captions by OCSF version (from each version's categories.json). */
export const CATEGORY_NAMES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  '1.0.0-rc.2': {
    1: 'System Activity',
    2: 'Findings',
    3: 'Audit Activity',
    4: 'Network Activity',
    5: 'Configuration/Inventory',
  },
  '1.1.0': CATEGORIES_1_1,
  '1.5.0': CATEGORIES_1_5,
  '1.8.0': CATEGORIES_1_5,
};

/**
 * `metadata.log_format` (OCSF 1.8.0) for the formats core reads, spelled as the schema's examples spell
 * formats ("CSV", "JSON").
 */
export const LOG_FORMAT_NAMES: Readonly<Record<InputFormat, string>> = {
  text: 'text',
  csv: 'CSV',
  parquet: 'Parquet',
  json: 'JSON',
};

/** Caption of an enum id, or undefined for an id the table does not know. */
export function caption<T extends Readonly<Record<number, string>>>(table: T, id: number): string | undefined {
  return (table as Readonly<Record<number, string>>)[id];
}

/** `type_uid` = class_uid × 100 + activity_id. */
export function typeUid(classUid: number, activityId: number): number {
  return classUid * 100 + activityId;
}

/** `type_name` = "<class name>: <activity name>". */
export function typeName(className: string, activityName: string): string {
  return `${className}: ${activityName}`;
}
