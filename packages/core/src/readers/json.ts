import { gunzipSync } from 'node:zlib';
import type { RecordLocation } from '../plugin/types.js';
import { expandElement, expandJson } from './envelope.js';
import { invalidUtf8Issue, snippet } from './issues.js';
import { MAX_JSON_DEPTH, parseJson, tooDeep } from './json-parse.js';
import { jsonErrorOffset, scanJsonValues } from './json-scan.js';
import { BATCH_SIZE, headOf, RAW_SNIPPET_LENGTH } from './lines.js';
import type { DecodedText } from './text-decode.js';
import { InputError, type ReaderItem } from './types.js';

/**
 * Largest JSON value held whole: one record (an NDJSON line, an element of an array or of a
 * `{"Records":[…]}` document) or a document that is not one of those envelopes. A longer value is
 * rejected (`json/too-large`) while it is being read, never held; `{"Records":[…]}` documents and
 * top-level arrays are read element by element, so they may be of any size.
 */
export const JSON_DOCUMENT_LIMIT = 256 * 1024 * 1024;

export interface JsonReadOptions {
  /** The input is only a head (a sample): keep the complete leading records, drop an unfinished one. */
  partial?: boolean;
  /** Longest JSON value held whole (default `JSON_DOCUMENT_LIMIT`). */
  maxValueLength?: number;
}

type Layout = 'undecided' | 'lines' | 'document';

/** Longest depth-1 key looked at (to find `Records`); longer keys are not kept. */
const MAX_KEY = 16;

/** NDJSON lines up to this length (and not too deep) are parsed whole, without the scanner. */
const FAST_LINE = 1024 * 1024;

/** Items of the input's first line held back at most (see `endFirstLine`); past this they are handed on. */
const FIRST_LINE_ITEMS = 10 * BATCH_SIZE;

/** A value being read: where it started and, while it is kept, its text so far. */
interface Pending {
  line: number;
  /** Text pieces; null once the value is dropped (too large or too deep). */
  parts: string[] | null;
  length: number;
  /** First characters, kept for the reject of a dropped value. */
  head: string;
  code: 'json/too-large' | 'json/too-deep' | undefined;
  /** A piece of it came from bytes that are not UTF-8. */
  invalidUtf8: boolean;
}

const WS_SPACE = 32;
const WS_TAB = 9;
const WS_CR = 13;
const NL = 10;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * The JSON reader: a scanner over the decoded text that finds each top-level value, and inside a
 * top-level array or a `{"Records":[…]}` document each element, so memory holds one record at a time
 * whatever the size of the document (one line or pretty-printed).
 *
 * The first value decides the layout. When it ends on the line it starts on, the input is NDJSON: one
 * value per line (values written back to back on a line, as Firehose does, are read one by one), a line
 * that is not JSON is a `json/invalid` reject and reading goes on at the next line. Otherwise it is a
 * document (pretty-printed values); a document that does not parse ends the input with an InputError
 * naming the line and column, after the records before it. A value nested deeper than `MAX_JSON_DEPTH`
 * (`json/too-deep`) or longer than the limit (`json/too-large`) is rejected, and reading goes on after it.
 */
export async function* readJson(
  texts: AsyncIterable<DecodedText>,
  file: string,
  options: JsonReadOptions = {},
): AsyncGenerator<ReaderItem[]> {
  const maxLength = options.maxValueLength ?? JSON_DOCUMENT_LIMIT;
  const partial = options.partial === true;
  const fastLimit = Math.min(FAST_LINE, maxLength);
  // Changed by `decide` (a closure), so TypeScript must not narrow it from the checks in the loop.
  let layout = 'undecided' as Layout;
  let out: ReaderItem[] = [];
  let line = 1;

  // Nesting outside strings; `inString` carries a string cut by the end of a text piece.
  let depth = 0;
  let inString = false;
  let escapedFirst = false;
  // The top-level value or the streamed element being read (null between values).
  let value: Pending | null = null;
  // A top-level token that is not an object or array (a number, `"text"`, base64 gzip, garbage): to the line's end.
  let token: Pending | null = null;
  // Streaming: the depth of the array whose elements are records (1: a top-level array, 2: `Records`).
  let streamDepth = 0;
  let streamIndex = 0;
  let streamLine = 0;
  let streamKind: 'array' | 'records' = 'array';
  // Inside a top-level object: which key was read last at depth 1, and whether a key comes next.
  let expectKey = false;
  let lastKey = '';
  // A depth-1 key cut by the end of a text piece: its characters so far (null when none is cut).
  let cutKey: string | null = null;
  let recordsNext = false;
  // The top-level object around a streamed `Records` array is read on (its other keys are ignored).
  let envelopeLine = 0;
  let inEnvelope = false;

  const start = (at: number, invalidUtf8: boolean): Pending => ({
    line: at,
    parts: [],
    length: 0,
    head: '',
    code: undefined,
    invalidUtf8,
  });

  /** Streams the elements of the array just opened at `arrayDepth`; returns its first element. */
  const startStream = (arrayDepth: number, kind: 'array' | 'records', invalidUtf8: boolean): Pending => {
    streamDepth = arrayDepth;
    streamKind = kind;
    streamIndex = 0;
    streamLine = envelopeLine;
    inEnvelope = true;
    return start(line, invalidUtf8);
  };

  /** Adds text to the value being read, dropping it when it grows past the limit. */
  const keep = (p: Pending, text: string): void => {
    if (p.parts === null) {
      p.length += text.length;
      return;
    }
    p.length += text.length;
    if (p.length > maxLength) {
      p.head = headOf(p.parts, text);
      p.parts = null;
      p.code = 'json/too-large';
      return;
    }
    p.parts.push(text);
  };

  const drop = (p: Pending, code: 'json/too-deep'): void => {
    if (p.parts === null) return;
    p.head = headOf(p.parts, '');
    p.parts = null;
    p.code = code;
  };

  const dropped = (p: Pending, index: number | undefined): ReaderItem => {
    const location = index === undefined ? { file, line: p.line } : { file, line: p.line, index };
    return {
      kind: 'issue',
      outcome: 'rejected',
      code: p.code as string,
      reason:
        p.code === 'json/too-deep'
          ? `JSON nested deeper than ${MAX_JSON_DEPTH} levels; only its first ${RAW_SNIPPET_LENGTH} characters are kept`
          : `JSON value of ${p.length} characters is longer than the limit of ${maxLength} characters; only its first ${RAW_SNIPPET_LENGTH} are kept`,
      location,
      raw: p.head,
    };
  };

  const notUtf8 = (p: Pending, text: string, index: number | undefined): ReaderItem | undefined => {
    if (!p.invalidUtf8 || !text.includes('\uFFFD')) return undefined;
    return invalidUtf8Issue(index === undefined ? { file, line: p.line } : { file, line: p.line, index }, text);
  };

  /**
   * The records of a value parsed from text that held bytes that are not UTF-8: each record that shows
   * U+FFFD is an `input/invalid-utf8` reject and the others come through, so one bad record of a
   * `{"Records":[…]}` line or of a CloudWatch Logs message does not take its siblings with it.
   */
  const expandChecked = (parsed: unknown, location: RecordLocation, text: string): void => {
    const items: ReaderItem[] = [];
    expandJson(parsed, location, items);
    for (const item of items) {
      if (item.kind === 'issue') out.push(item);
      else {
        const shown = items.length === 1 ? text : item.kind === 'row' ? (item.text ?? '') : JSON.stringify(item.value);
        const bad =
          item.kind === 'row'
            ? item.values.some((v) => typeof v === 'string' && v.includes('\uFFFD'))
            : shown.includes('\uFFFD');
        out.push(bad ? invalidUtf8Issue(item.location, shown) : item);
      }
    }
  };

  /** One NDJSON line parsed whole; false when it is not one JSON value (the scanner then reads it). */
  const fastLine = (lineText: string, at: number, invalidUtf8: boolean): boolean => {
    let parsed: unknown;
    try {
      if (tooDeep(lineText)) return false;
      parsed = parseJson(lineText);
    } catch {
      return false;
    }
    const location = { file, line: at };
    if (invalidUtf8 && lineText.includes('\uFFFD')) expandChecked(parsed, location, lineText);
    else expandJson(parsed, location, out);
    return true;
  };

  /** A complete element of a streamed array. */
  const element = (p: Pending): void => {
    const index = streamIndex++;
    if (p.parts === null) {
      out.push(dropped(p, index));
      return;
    }
    const text = p.parts.join('').trim();
    if (text === '') {
      // `[]`, or a trailing comma
      streamIndex--;
      return;
    }
    const bad = notUtf8(p, text, index);
    if (bad) {
      out.push(bad);
      return;
    }
    const location = { file, line: streamLine, index };
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch (err) {
      out.push(invalid(file, location, text, (err as Error).message, 'json/invalid'));
      return;
    }
    if (streamKind === 'records') out.push({ kind: 'json', value: parsed, location });
    else expandElement(parsed, location, out);
  };

  /** A complete top-level object (not streamed). Throws for a broken document. */
  const topValue = (p: Pending): void => {
    if (p.parts === null) {
      out.push(dropped(p, undefined));
      return;
    }
    const text = p.parts.join('');
    const bad = notUtf8(p, text, undefined);
    const location = { file, line: p.line };
    let parsed: unknown;
    try {
      parsed = parseJson(text);
    } catch (err) {
      if (bad) {
        out.push(bad);
        return;
      }
      if (layout === 'document') throw invalidDocument(file, text, p.line, err);
      out.push(invalid(file, location, text, (err as Error).message, 'json/invalid'));
      return;
    }
    if (bad) expandChecked(parsed, location, text);
    else expandJson(parsed, location, out);
  };

  /** A top-level token read to the end of its line. Throws when a document is broken. */
  const lineToken = (p: Pending): void => {
    if (p.parts === null) {
      out.push(dropped(p, undefined));
      return;
    }
    const text = p.parts.join('').trim();
    if (text === '') return;
    const bad = notUtf8(p, text, undefined);
    if (bad) {
      out.push(bad);
      return;
    }
    const before = out.length;
    if (!readLine(text, file, p.line, out, layout === 'lines')) {
      throw invalidDocument(file, text, p.line, undefined);
    }
    const last = out[out.length - 1];
    if (out.length > before && last?.kind === 'issue' && last.code.startsWith('json/invalid')) lineBroken = true;
  };

  /** The line ended inside a top-level value of NDJSON: that line is a reject, reading goes on. */
  const brokenLine = (): void => {
    const p = value ?? token;
    const text = p === null ? '' : p.parts === null ? p.head : p.parts.join('');
    const at = p?.line ?? envelopeLine;
    out.push(
      invalid(
        file,
        streamDepth > 0 ? { file, line: at, index: streamIndex } : { file, line: at },
        text,
        'the line ends inside a JSON value',
        'json/invalid',
      ),
    );
    lineBroken = true;
    resetValue();
  };

  const resetValue = (): void => {
    value = null;
    token = null;
    depth = 0;
    inString = false;
    streamDepth = 0;
    inEnvelope = false;
    expectKey = false;
    recordsNext = false;
    cutKey = null;
  };

  const decide = (endedOnItsLine: boolean): void => {
    if (layout === 'undecided') layout = endedOnItsLine ? 'lines' : 'document';
  };

  /**
   * A raw newline inside a string, which JSON never has. Before the layout is known it means that the input
   * starts inside a record (`tail -c`, a part of a file): a closing quote was taken for an opening one. Read
   * as a document, the whole input was one broken value; as NDJSON, only that line is a reject.
   */
  const newlineInString = (): void => {
    if (layout === 'undecided') layout = 'lines';
  };

  // The input's first line, while it is read: its items are held back (up to FIRST_LINE_ITEMS), so that a
  // line the input starts in the middle of is one reject (`endFirstLine`). Its first characters, for that reject.
  let firstLine = true;
  let firstText = '';
  // The last reject of the line was made by the scanner failing on the line (a token or a value the line cut).
  let lineBroken = false;

  /**
   * The end of the first line: an NDJSON line the scanner made several items of, the last a reject for what
   * does not parse, is the tail of a cut record (`{foo} bar","n":1}`, `[en] …`, `{"a":1}},"b":2}`), and
   * becomes one reject; a line of good values, or of values with a reject of their own inside, stays as it is.
   */
  const endFirstLine = (): void => {
    if (!firstLine || out.length === 0) return;
    firstLine = false;
    if (layout !== 'lines' || out.length < 2 || !lineBroken) return;
    const first = out[0] as ReaderItem;
    const start = firstText.trimStart();
    const nl = start.indexOf('\n');
    out = [
      invalid(
        file,
        { file, line: first.location.line ?? line },
        nl === -1 ? start : start.slice(0, nl),
        'the line is only the end of a JSON value (the input starts inside a record?)',
        'json/invalid',
      ),
    ];
  };

  /** Whether `out` (a full batch) is handed on now: not while it holds the first line, up to a limit. */
  const handOn = (): boolean => {
    if (firstLine && out.length < FIRST_LINE_ITEMS) return false;
    firstLine = false;
    return true;
  };

  // Whatever ends the input (a broken document, a truncated gzip under the text), the records read before
  // it are handed on first.
  try {
    for await (const { text, invalidUtf8 } of texts) {
      const n = text.length;
      if (firstLine && firstText.length < RAW_SNIPPET_LENGTH) firstText += text.slice(0, RAW_SNIPPET_LENGTH);
      // Where the kept text of the current value starts in this piece.
      let from = 0;
      let i = 0;
      // The next newline at or after `i` (n when there is none), looked up again once passed.
      let nextNl = -1;
      if (value && invalidUtf8) value.invalidUtf8 = true;
      if (token && invalidUtf8) token.invalidUtf8 = true;
      if (inString) {
        // A string cut by the previous piece's end (whose last character may have escaped this one's first).
        const end = stringEnd(text, escapedFirst ? Math.min(1, n) : 0);
        const nl = text.indexOf('\n');
        if (nl !== -1 && (end === -1 || nl < end)) {
          // A raw newline inside a string is not JSON: the newline check decides, as for a string in one piece.
          newlineInString();
          inString = false;
          cutKey = null;
          i = nl;
        } else if (end === -1) {
          if (value) keep(value, text);
          escapedFirst = endsEscaping(text, escapedFirst);
          if (cutKey !== null) cutKey = cutKey.length <= MAX_KEY ? cutKey + text.slice(0, MAX_KEY + 1) : cutKey;
          continue;
        } else {
          inString = false;
          i = end;
          if (cutKey !== null) {
            // The rest of a key cut by the previous piece (a chunk of stdin or of an S3 body can end anywhere).
            const key = cutKey + text.slice(0, end - 1);
            lastKey = key.length <= MAX_KEY ? key : '';
            cutKey = null;
          }
        }
      }
      while (i < n) {
        if (out.length >= BATCH_SIZE && handOn()) {
          yield out;
          out = [];
        }
        if (
          layout === 'lines' &&
          value === null &&
          token === null &&
          !inEnvelope &&
          text.charCodeAt(i) === OPEN_BRACE
        ) {
          // NDJSON fast path: a whole, short line in this piece is parsed as it is; anything else (values
          // back to back, a broken line, a long `{"Records":[…]}` line) goes through the scanner below.
          const nl = text.indexOf('\n', i);
          if (nl !== -1 && nl - i <= fastLimit) {
            const lineText = text.slice(i, nl);
            if (fastLine(lineText, line, invalidUtf8)) {
              line++;
              i = nl + 1;
              continue;
            }
          }
        }
        if (token !== null) {
          const nl = text.indexOf('\n', i);
          if (nl === -1) {
            keep(token, text.slice(i));
            i = n;
            break;
          }
          keep(token, text.slice(i, nl));
          decide(true);
          lineToken(token);
          token = null;
          endFirstLine();
          lineBroken = false;
          line++;
          i = nl + 1;
          continue;
        }
        const c = text.charCodeAt(i);
        if (c === NL) {
          if (value !== null || inEnvelope) {
            if ((layout as Layout) === 'lines') {
              if (value !== null) keep(value, text.slice(from, i));
              brokenLine();
              endFirstLine();
              lineBroken = false;
              line++;
              i++;
              continue;
            }
            if (layout === 'undecided') layout = 'document';
            // An element that has not started yet starts on a later line.
            if (value !== null && value.length === 0 && blank(text, from, i)) value.line = line + 1;
          }
          if (firstLine) endFirstLine();
          lineBroken = false;
          line++;
          i++;
          continue;
        }
        if (c === WS_SPACE || c === WS_TAB || c === WS_CR) {
          i++;
          continue;
        }
        if (depth === 0 && value === null && !inEnvelope) {
          // Between top-level values.
          if (c === OPEN_BRACKET) {
            depth = 1;
            envelopeLine = line;
            value = startStream(1, 'array', invalidUtf8);
            i++;
            from = i;
            continue;
          }
          if (c === OPEN_BRACE) {
            depth = 1;
            value = start(line, invalidUtf8);
            envelopeLine = line;
            from = i;
            expectKey = true;
            i++;
            continue;
          }
          token = start(line, invalidUtf8);
          continue;
        }
        if (c === QUOTE) {
          const end = stringEnd(text, i + 1);
          const keyAt = depth === 1 && expectKey && streamDepth === 0;
          // A raw newline inside a string is not JSON: leave it for the newline check, also when the string
          // runs past the piece's end (so where the chunks of a stream end changes nothing).
          if (nextNl < i) {
            nextNl = text.indexOf('\n', i);
            if (nextNl === -1) nextNl = n;
          }
          if (nextNl < n && (end === -1 || nextNl < end)) {
            newlineInString();
            i = nextNl;
            continue;
          }
          if (end === -1) {
            inString = true;
            escapedFirst = endsEscaping(text.slice(i + 1), false);
            // A key cut by the end of the piece: the next pieces finish it.
            if (keyAt) {
              lastKey = '';
              cutKey = text.slice(i + 1, i + 2 + MAX_KEY);
              expectKey = false;
            }
            break;
          }
          if (keyAt) {
            lastKey = end - i - 2 <= MAX_KEY ? text.slice(i + 1, end - 1) : '';
            expectKey = false;
          }
          i = end;
          continue;
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth++;
          if (
            c === OPEN_BRACKET &&
            depth === 2 &&
            recordsNext &&
            streamDepth === 0 &&
            value !== null &&
            value.parts !== null
          ) {
            // `{"Records": [` — stream the elements; the object's other keys are not kept.
            recordsNext = false;
            value = startStream(2, 'records', invalidUtf8);
            i++;
            from = i;
            continue;
          }
          recordsNext = false;
          if (depth === 1) expectKey = c === OPEN_BRACE;
          if (value !== null && depth - Math.max(streamDepth, 0) > MAX_JSON_DEPTH) {
            keep(value, text.slice(from, i));
            from = i;
            drop(value, 'json/too-deep');
          }
          i++;
          continue;
        }
        if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (streamDepth > 0 && depth === streamDepth - 1) {
            // The streamed array closes: its last element.
            if (value !== null) {
              keep(value, text.slice(from, i));
              element(value);
            }
            const kind = streamKind;
            value = null;
            streamDepth = 0;
            i++;
            if (kind === 'array') {
              inEnvelope = false;
              decide(envelopeLine === line);
            } else {
              // Back in the `{"Records": …}` object: read on to its end, keeping nothing.
              expectKey = false;
            }
            continue;
          }
          if (depth === 0) {
            i++;
            if (inEnvelope && value === null) {
              inEnvelope = false;
              decide(envelopeLine === line);
              continue;
            }
            if (value !== null) {
              keep(value, text.slice(from, i));
              decide(value.line === line);
              topValue(value);
              value = null;
            }
            continue;
          }
          i++;
          continue;
        }
        if (c === COMMA) {
          if (streamDepth > 0 && depth === streamDepth && value !== null) {
            keep(value, text.slice(from, i));
            element(value);
            i++;
            value = start(line, invalidUtf8);
            from = i;
            continue;
          }
          if (depth === 1 && streamDepth === 0) expectKey = true;
          i++;
          continue;
        }
        if (c === COLON) {
          if (depth === 1 && streamDepth === 0) recordsNext = lastKey === 'Records';
          i++;
          continue;
        }
        recordsNext = false;
        i++;
      }
      if (value !== null && from < n) keep(value, text.slice(from, n));
      if (out.length >= BATCH_SIZE && handOn()) {
        yield out;
        out = [];
      }
    }
    // The end of the input.
    if (token !== null) {
      decide(true);
      lineToken(token);
    } else if (value !== null || inEnvelope) {
      if (!partial) {
        if (layout === 'document' || layout === 'undecided') {
          if (out.length > 0) yield out;
          out = [];
          throw unfinished(file, (value as Pending | null)?.line ?? envelopeLine);
        }
        brokenLine();
      }
    }
    endFirstLine();
  } catch (err) {
    // An NDJSON line the error cut is a reject, as text's unfinished last line is.
    if (layout === 'lines' && (value !== null || token !== null)) brokenLine();
    endFirstLine();
    if (out.length > 0) yield out;
    out = [];
    throw err;
  }
  if (out.length > 0) yield out;
}

function blank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== WS_SPACE && c !== WS_TAB && c !== WS_CR) return false;
  }
  return true;
}

/** End (exclusive) of the string whose contents start at `from`, or -1 when the text ends first. */
function stringEnd(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    for (let k = q - 1; k >= from && text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
  }
  return -1;
}

/** Whether a piece of string contents ends in an unpaired backslash (escaping the next piece's first character). */
function endsEscaping(text: string, escapedFirst: boolean): boolean {
  let k = text.length - 1;
  let backslashes = 0;
  while (k >= 0 && text.charCodeAt(k) === 92) {
    backslashes++;
    k--;
  }
  // A piece made only of backslashes continues the run of the piece before.
  if (k < 0 && escapedFirst) backslashes--;
  return backslashes % 2 === 1;
}

/** One NDJSON line that is not an object or array. With `reject`, a line that is not JSON is a reject (true); without, false. */
function readLine(line: string, file: string, lineNumber: number, out: ReaderItem[], reject: boolean): boolean {
  const location = { file, line: lineNumber };
  let error: unknown;
  try {
    if (tooDeep(line)) {
      out.push(deepIssue(location, line));
      return true;
    }
    expandJson(parseJson(line), location, out);
    return true;
  } catch (err) {
    error = err;
  }
  const base64 = decodeBase64Gzip(line);
  if (base64 !== undefined) {
    if (base64 instanceof Error) {
      if (reject) out.push(invalid(file, location, line, base64.message, 'json/invalid-base64-gzip'));
      return reject;
    }
    return (
      readText(base64, location, out) || (reject && pushInvalid(out, file, location, line, 'not JSON once decoded'))
    );
  }
  if (!reject) return false;
  out.push(invalid(file, location, line, (error as Error).message, 'json/invalid'));
  return true;
}

/** Parses text holding one JSON value or several back to back; false when it does not parse. */
function readText(text: string, location: { file: string; line?: number }, out: ReaderItem[]): boolean {
  if (tooDeep(text)) {
    out.push(deepIssue(location, text));
    return true;
  }
  try {
    expandJson(parseJson(text), location, out);
    return true;
  } catch {
    const scanned = scanJsonValues(text);
    if (!scanned.complete || scanned.values.length === 0) return false;
    const parsed: unknown[] = [];
    try {
      for (const v of scanned.values) parsed.push(parseJson(v));
    } catch {
      return false;
    }
    for (const value of parsed) expandJson(value, location, out);
    return true;
  }
}

const GZIP_BASE64_PREFIX = 'H4sI';
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/**
 * A Kinesis/Firehose record of a CloudWatch Logs subscription is base64 of gzip of JSON. Returns the
 * decoded text, an Error when it looks like one but does not decode, or undefined when it does not.
 */
function decodeBase64Gzip(line: string): string | Error | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(GZIP_BASE64_PREFIX) || !BASE64.test(trimmed)) return undefined;
  try {
    return gunzipSync(Buffer.from(trimmed, 'base64'), { maxOutputLength: JSON_DOCUMENT_LIMIT }).toString('utf8');
  } catch (err) {
    return new Error(`base64 gzip record does not decompress: ${(err as Error).message}`);
  }
}

function invalidDocument(file: string, text: string, firstLine: number, error: unknown): InputError {
  const message = error === undefined ? 'not JSON' : (error as Error).message;
  const where = positionOf(text, firstLine);
  return new InputError(
    'input/invalid-json',
    file,
    `${file}${where}: invalid JSON (${message}). Check that the file is complete and is JSON, NDJSON or a {"Records":[…]} file, or pass --input-format.`,
    { cause: error },
  );
}

function unfinished(file: string, line: number): InputError {
  return new InputError(
    'input/invalid-json',
    file,
    `${file}:${line}: the JSON value that starts here does not end before the file does (records before it were read). Check that the file is complete.`,
  );
}

/** `:line:column` of the first syntax error in a document. */
function positionOf(text: string, firstLine: number): string {
  const offset = jsonErrorOffset(text);
  if (offset < 0) return `:${firstLine}`;
  let line = firstLine;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `:${line}:${offset - lineStart + 1}`;
}

function invalid(
  _file: string,
  location: { file: string; line?: number; index?: number },
  raw: string,
  message: string,
  code: string,
): ReaderItem {
  return {
    kind: 'issue',
    outcome: 'rejected',
    code,
    reason: `line is not valid JSON: ${message}`,
    location,
    raw: snippet(raw),
  };
}

function deepIssue(location: { file: string; line?: number }, raw: string): ReaderItem {
  return {
    kind: 'issue',
    outcome: 'rejected',
    code: 'json/too-deep',
    reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; only its first ${RAW_SNIPPET_LENGTH} characters are kept`,
    location,
    raw: snippet(raw),
  };
}

function pushInvalid(
  out: ReaderItem[],
  file: string,
  location: { file: string; line?: number },
  raw: string,
  message: string,
): boolean {
  out.push(invalid(file, location, raw, message, 'json/invalid-base64-gzip'));
  return true;
}
