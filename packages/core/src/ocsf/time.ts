/** Time helpers. OCSF `timestamp_t` is epoch milliseconds; `datetime_t` (the `*_dt` twins) is RFC 3339. */

/** Epoch seconds → epoch milliseconds. */
export function secondsToMs(seconds: number): number {
  return seconds * 1000;
}

// Conversions are cached by instant in a direct-mapped table (an event's `time` and `start_time` are
// usually the same instant, and the records of one log file share capture windows), and a miss within
// the years 1970–9999 is formatted from the cached day (`2022-04-12T`) and two-digit tables instead of a
// Date: Date#toISOString showed up at 4–7% of VPC Flow Logs runs. Only ever returns what toISOString would.
const CACHE_SIZE = 1024;
const cacheMs = new Float64Array(CACHE_SIZE).fill(Number.NaN);
const cacheText: string[] = new Array(CACHE_SIZE).fill('');
const DAY_MS = 86400000;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Epoch milliseconds → RFC 3339 in UTC with milliseconds and a `Z`, e.g. `2022-04-12T00:02:12.000Z`. */
export function toRfc3339(ms: number): string {
  const slot = (ms / 1000) & (CACHE_SIZE - 1);
  if (cacheMs[slot] === ms) return cacheText[slot] as string;
  const text = ms >= 0 && ms <= MAX_RFC3339_MS && Number.isInteger(ms) ? formatUtc(ms) : new Date(ms).toISOString();
  cacheMs[slot] = ms;
  cacheText[slot] = text;
  return text;
}

/** A non-negative integer epoch-ms instant before the year 10000 as toISOString writes it. */
function formatUtc(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3600000);
  rest -= hours * 3600000;
  const minutes = Math.floor(rest / 60000);
  rest -= minutes * 60000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${cachedDayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}Z`;
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
