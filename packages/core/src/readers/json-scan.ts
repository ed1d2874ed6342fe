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

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first JSON syntax error in `text`, or -1 when it is valid. Only used to point at the
 * line and column of a broken document (V8's messages do not always give a position).
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const stack: number[] = [];
  let state: 'value' | 'after' | 'key' | 'colon' | 'end' = 'value';
  let i = 0;
  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    if (i === n) return state === 'end' ? -1 : n;
    const c = text.charCodeAt(i);
    if (state === 'end') return i;
    if (state === 'value') {
      if (c === 123 || c === 91) {
        stack.push(c);
        i++;
        state = c === 123 ? 'key' : 'value';
        // empty object or array
        let j = i;
        while (j < n && /\s/.test(text.charAt(j))) j++;
        if (text.charCodeAt(j) === (c === 123 ? 125 : 93)) {
          stack.pop();
          i = j + 1;
          state = stack.length === 0 ? 'end' : 'after';
        }
        continue;
      }
      if (c === 34) {
        i = stringEnd(text, i);
        if (i < 0) return -i - 1;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
      }
      state = stack.length === 0 ? 'end' : 'after';
      continue;
    }
    if (state === 'key') {
      if (c !== 34) return i;
      i = stringEnd(text, i);
      if (i < 0) return -i - 1;
      state = 'colon';
      continue;
    }
    if (state === 'colon') {
      if (c !== 58) return i;
      i++;
      state = 'value';
      continue;
    }
    // after a value inside an object or array
    const top = stack[stack.length - 1];
    if (c === 44) {
      i++;
      state = top === 123 ? 'key' : 'value';
    } else if ((top === 123 && c === 125) || (top === 91 && c === 93)) {
      stack.pop();
      i++;
      state = stack.length === 0 ? 'end' : 'after';
    } else return i;
  }
}

/** End of the string starting at `start` (exclusive), or -(offset + 1) of the error. */
function stringEnd(text: string, start: number): number {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
    else if (c < 32) return -i - 1;
  }
  return -n - 1;
}
