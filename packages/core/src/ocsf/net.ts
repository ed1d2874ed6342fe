import { isIP } from 'node:net';

/** True for an IPv4 or IPv6 address (as OCSF `ip_t` accepts). */
export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}
