/**
 * Finds JSON objects and arrays written back to back — `{…}{…}` (Firehose concatenates records without
 * a separator), `{…}\n{…}` pretty-printed one after another, or the elements of an array — by tracking
 * nesting depth and strings. It only finds boundaries; `JSON.parse` still validates each value.
 * Returns the value texts and where scanning stopped; `complete` is false when the text ended inside a
 * value or met something that is not an object or array.
 */
export function scanJsonValues(text: string, start = 0): { values: string[]; complete: boolean } {
  const values: string[] = [];
  const n = text.length;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace and commas between values
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44) {
      i++;
      continue;
    }
    if (c !== 123 && c !== 91) return { values, complete: false };
    const end = valueEnd(text, i);
    if (end === -1) return { values, complete: false };
    values.push(text.slice(i, end));
    i = end;
  }
  return { values, complete: true };
}

/** End (exclusive) of the object or array starting at `start`, or -1 when the text ends first. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  const n = text.length;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
