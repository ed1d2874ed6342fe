/** Time helpers. OCSF `timestamp_t` is epoch milliseconds; `datetime_t` (the `*_dt` twins) is RFC 3339. */

/** Epoch seconds → epoch milliseconds. */
export function secondsToMs(seconds: number): number {
  return seconds * 1000;
}

// The last few conversions, reused: an event's `time` and `start_time` are usually the same instant, and
// the records of one log file share a few capture windows, so calls repeat (a third of the calls or more
// on VPC Flow Logs, where Date#toISOString showed up in profiles). Only ever returns what toISOString would.
const MEMO_SIZE = 8;
const memoMs = new Float64Array(MEMO_SIZE).fill(Number.NaN);
const memoText: string[] = new Array(MEMO_SIZE).fill('');
let memoNext = 0;

/** Epoch milliseconds → RFC 3339 in UTC with milliseconds and a `Z`, e.g. `2022-04-12T00:02:12.000Z`. */
export function toRfc3339(ms: number): string {
  for (let i = 0; i < MEMO_SIZE; i++) if (memoMs[i] === ms) return memoText[i] as string;
  const text = new Date(ms).toISOString();
  memoMs[memoNext] = ms;
  memoText[memoNext] = text;
  memoNext = (memoNext + 1) % MEMO_SIZE;
  return text;
}

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants RFC 3339's four-digit years hold. */
const MIN_RFC3339_MS = -62167219200000;
const MAX_RFC3339_MS = 253402300799999;

/**
 * Parses an ISO 8601 / RFC 3339 date-time (as CloudTrail writes `eventTime`) to epoch milliseconds.
 * Returns undefined for anything that is not a date-time with a date part, and for an instant outside
 * the years 0000–9999 in UTC (`9999-12-31T23:59:59-01:00`): its RFC 3339 twin would be `+010000-…`.
 */
export function parseIsoTime(value: string): number | undefined {
  // Date.parse accepts odd forms ("1", "March 7"); require an ISO date at the start.
  if (value.length < 10 || !isIsoDatePrefix(value)) return undefined;
  const ms = Date.parse(value);
  return ms >= MIN_RFC3339_MS && ms <= MAX_RFC3339_MS ? ms : undefined;
}

function isIsoDatePrefix(value: string): boolean {
  for (let i = 0; i < 10; i++) {
    const c = value.charCodeAt(i);
    if (i === 4 || i === 7) {
      if (c !== 45 /* - */) return false;
    } else if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}
