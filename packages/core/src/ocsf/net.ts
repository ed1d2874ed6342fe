import { isIP } from 'node:net';

/** True for an IPv4 or IPv6 address. */
export function isIpAddress(value: string): boolean {
  return isIPv4Address(value) || isIP(value) !== 0;
}

/**
 * Whether `value` is a dotted-quad IPv4 address exactly as `net.isIPv4` accepts it (four decimal parts
 * 0–255, no leading zeros), checked character by character: translators call this for every address of
 * every record, and node's check runs two regular expressions for it.
 */
export function isIPv4Address(value: string): boolean {
  const n = value.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let i = 0;
  while (i < n) {
    const start = i;
    let octet = 0;
    while (i < n) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      octet = octet * 10 + d;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && value.charCodeAt(start) === 48)) return false;
    parts++;
    if (i === n) break;
    if (value.charCodeAt(i) !== 46 /* . */ || parts === 4) return false;
    i++;
    if (i === n) return false;
  }
  return parts === 4;
}

/** OCSF `ip_t` holds at most 40 characters. */
export const MAX_IP_LENGTH = 40;

/**
 * An address as OCSF `ip_t` accepts it: the value itself when it is an IP address of at most 40
 * characters; a long IPv6 spelling (leading zeros, embedded IPv4) shortened to its canonical form;
 * undefined when the value is not an IP address.
 */
export function ocsfIp(value: string): string | undefined {
  if (isIPv4Address(value)) return value;
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
