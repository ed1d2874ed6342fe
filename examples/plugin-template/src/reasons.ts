/**
 * Stable codes for every record the plugin does not emit. The CLI groups its summary and the rejects
 * file by these codes, and tests assert on them, so they never change once released.
 */
export const REASON = {
  /** The line is JSON but not an object. */
  notAnObject: 'acme-firewall/not-an-object',
  /** A required field (`ts`, `action`, `src`, `dst`) is absent. */
  missingField: 'acme-firewall/missing-field',
  /** `ts` is not an ISO 8601 date-time. */
  badTime: 'acme-firewall/bad-time',
  /** `src`/`dst` is not an IP address. */
  badIp: 'acme-firewall/bad-ip',
  /** A port or counter is not a non-negative integer in range. */
  badNumber: 'acme-firewall/bad-number',
  /** `action` is not one the firewall documents. */
  unknownAction: 'acme-firewall/unknown-action',
  /** Skipped, not rejected: heartbeats and other non-flow records carry no network activity. */
  notAFlow: 'acme-firewall/not-a-flow',
} as const;

export type ReasonCode = (typeof REASON)[keyof typeof REASON];
