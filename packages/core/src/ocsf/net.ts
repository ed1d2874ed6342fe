import { isIP } from 'node:net';

/** True for an IPv4 or IPv6 address. */
export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** OCSF `ip_t` holds at most 40 characters. */
export const MAX_IP_LENGTH = 40;

/**
 * An address as OCSF `ip_t` accepts it: the value itself when it is an IP address of at most 40
 * characters; a long IPv6 spelling (leading zeros, embedded IPv4) shortened to its canonical form;
 * undefined when the value is not an IP address.
 */
export function ocsfIp(value: string): string | undefined {
  const kind = isIP(value);
  if (kind === 0) return undefined;
  if (value.length <= MAX_IP_LENGTH) return value;
  if (kind !== 6) return undefined;
  try {
    // The WHATWG URL parser serialises IPv6 hosts in their canonical (RFC 5952) form.
    const host = new URL(`http://[${value}]/`).hostname.slice(1, -1);
    return host.length <= MAX_IP_LENGTH ? host : undefined;
  } catch {
    return undefined;
  }
}
