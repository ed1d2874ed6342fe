/**
 * JSON text → value, without changing what the source says. `JSON.parse` alone would turn a number it
 * cannot hold exactly (`12345678901234567890`, `1e400`) into another number or Infinity (written back as
 * `null`); here such a number is kept as the text it was written as, a string.
 */

/** Nesting deeper than this is refused by the readers: every later walk over a value stays bounded. */
export const MAX_JSON_DEPTH = 512;

// A number token worth a closer look: 16 or more digits and dots in a row, or an exponent, right after
// `:` `,` or `[`. IPv4 addresses (at most 15 characters) and digits inside most strings do not match.
const NUMBER_HINT = /[:,[]\s*-?(?:\d[\d.]{15}|[\d.]+[eE])/;

/** Parses JSON text; numbers a double cannot hold exactly come back as their source text. */
export function parseJson(text: string): unknown {
  return JSON.parse(NUMBER_HINT.test(text) ? quoteInexactNumbers(text) : text);
}

/** The text with every number that would not survive `JSON.parse` exactly put in quotes. */
export function quoteInexactNumbers(text: string): string {
  let out: string[] | undefined;
  let copied = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = stringEnd(text, i);
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (!isExact(token)) {
        out ??= [];
        out.push(text.slice(copied, i), '"', token, '"');
        copied = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (out === undefined) return text;
  out.push(text.slice(copied));
  return out.join('');
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

/** End (exclusive) of the string starting at `start`; the text's end when it is not closed. */
function stringEnd(text: string, start: number): number {
  for (let q = text.indexOf('"', start + 1); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
  }
  return text.length;
}

const TOKEN = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Whether `JSON.parse` gives exactly the number the token writes: finite, not flushed to zero, and (past
 * 15 significant digits, where doubles stop holding every decimal) with the same digits as the double's
 * shortest form. A token that is not a JSON number is left for `JSON.parse` to refuse.
 */
function isExact(token: string): boolean {
  const m = TOKEN.exec(token);
  if (m === null) return true;
  const value = Number(token);
  if (!Number.isFinite(value)) return false;
  const all = `${m[1]}${m[2] ?? ''}`;
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 48) first++;
  if (first === all.length) return true; // zero, however written
  if (value === 0) return false; // underflow
  let last = all.length;
  while (all.charCodeAt(last - 1) === 48) last--;
  const digits = all.slice(first, last);
  if (digits.length <= 15) return true;
  const exponent = (m[1] as string).length - 1 - first + Number(m[3] ?? 0);
  const [mantissa, exp] = Math.abs(value).toExponential().split('e') as [string, string];
  return mantissa.replace('.', '') === digits && Number(exp) === exponent;
}

/** Whether a JSON text nests objects and arrays deeper than `MAX_JSON_DEPTH` (strings skipped). */
export function tooDeep(text: string): boolean {
  // Deep nesting needs at least one bracket per level: count them first (native searches), scan only past that.
  if (text.length <= MAX_JSON_DEPTH || !manyBrackets(text)) return false;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = stringEnd(text, i) - 1;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Whether the text holds more than MAX_JSON_DEPTH opening brackets. */
function manyBrackets(text: string): boolean {
  let count = 0;
  for (let k = text.indexOf('{'); k !== -1; k = text.indexOf('{', k + 1)) {
    if (++count > MAX_JSON_DEPTH) return true;
  }
  for (let k = text.indexOf('['); k !== -1; k = text.indexOf('[', k + 1)) {
    if (++count > MAX_JSON_DEPTH) return true;
  }
  return false;
}
