import { gunzipSync } from 'node:zlib';
import { expandJson } from './envelope.js';
import { firstNonBlank } from './fields.js';
import { longLineIssue, snippet } from './issues.js';
import { jsonErrorOffset, scanJsonValues } from './json-scan.js';
import { BATCH_SIZE, type LineBatch } from './lines.js';
import { InputError, type ReaderItem } from './types.js';

/**
 * Largest JSON document read whole (a pretty-printed object or array, or one NDJSON line such as a
 * single-line CloudTrail `{"Records":[…]}` file). Real CloudTrail delivery files are a few MB; above
 * this limit the input is refused with a clear error instead of exhausting memory.
 */
export const JSON_DOCUMENT_LIMIT = 256 * 1024 * 1024;

export interface JsonReadOptions {
  /** The input is only a head (a sample): keep the complete leading elements of an unfinished document. */
  partial?: boolean;
}

/**
 * The JSON reader. It decides from the first non-blank line: a line that is a JSON value (or
 * base64 gzip, or values written back to back) means NDJSON — one envelope per line, a bad line is a
 * `json/invalid` reject and reading goes on. Otherwise the input is one document (pretty-printed
 * object or array) read whole up to `JSON_DOCUMENT_LIMIT`; if it does not parse, an InputError
 * names the line and column.
 */
export async function* readJson(
  batches: AsyncIterable<LineBatch>,
  file: string,
  options: JsonReadOptions = {},
): AsyncGenerator<ReaderItem[]> {
  let mode: 'undecided' | 'lines' | 'document' = 'undecided';
  let doc: string[] = [];
  let docLength = 0;
  let docLine = 0;
  let out: ReaderItem[] = [];
  for await (const { firstLine, lines } of batches) {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as LineBatch['lines'][number];
      const lineNumber = firstLine + i;
      if (mode === 'document') {
        if (typeof line !== 'string') throw tooLarge(file);
        docLength += line.length + 1;
        if (docLength > JSON_DOCUMENT_LIMIT) throw tooLarge(file);
        doc.push(line);
        continue;
      }
      if (typeof line !== 'string') {
        if (mode === 'undecided') throw tooLarge(file);
        out.push(longLineIssue(line, file, lineNumber));
        continue;
      }
      if (firstNonBlank(line) === -1) continue;
      if (mode === 'undecided') {
        if (readLine(line, file, lineNumber, out, false)) {
          mode = 'lines';
        } else {
          mode = 'document';
          doc = [line];
          docLength = line.length + 1;
          docLine = lineNumber;
        }
      } else {
        readLine(line, file, lineNumber, out, true);
      }
      if (out.length >= BATCH_SIZE) {
        yield out;
        out = [];
      }
    }
  }
  if (mode === 'document') {
    const text = doc.join('\n');
    doc = [];
    readDocument(text, file, docLine, options.partial === true, out);
  }
  if (out.length > 0) yield out;
}

/** One NDJSON line. Returns false when it is not JSON (and, with `reject`, records the reject). */
function readLine(line: string, file: string, lineNumber: number, out: ReaderItem[], reject: boolean): boolean {
  const location = { file, line: lineNumber };
  let error: unknown;
  try {
    expandJson(JSON.parse(line), location, out);
    return true;
  } catch (err) {
    error = err;
  }
  const base64 = decodeBase64Gzip(line);
  if (base64 !== undefined) {
    if (base64 instanceof Error) {
      if (reject) out.push(invalid(file, lineNumber, line, base64.message, 'json/invalid-base64-gzip'));
      return reject;
    }
    return (
      readText(base64, location, out) || (reject && pushInvalid(out, file, lineNumber, line, 'not JSON once decoded'))
    );
  }
  const scanned = scanJsonValues(line);
  if (scanned.complete && scanned.values.length > 1 && parseAll(scanned.values, location, out)) return true;
  if (reject) out.push(invalid(file, lineNumber, line, (error as Error).message, 'json/invalid'));
  return false;
}

/** Parses text holding one JSON value or several back to back; false when it does not parse. */
function readText(text: string, location: { file: string; line?: number }, out: ReaderItem[]): boolean {
  try {
    expandJson(JSON.parse(text), location, out);
    return true;
  } catch {
    const scanned = scanJsonValues(text);
    return scanned.complete && scanned.values.length > 0 && parseAll(scanned.values, location, out);
  }
}

function parseAll(values: string[], location: { file: string; line?: number }, out: ReaderItem[]): boolean {
  const parsed: unknown[] = [];
  try {
    for (const v of values) parsed.push(JSON.parse(v));
  } catch {
    return false;
  }
  for (const value of parsed) expandJson(value, location, out);
  return true;
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

function readDocument(text: string, file: string, firstLine: number, partial: boolean, out: ReaderItem[]): void {
  const location = { file, line: firstLine };
  let error: unknown;
  try {
    expandJson(JSON.parse(text), location, out);
    return;
  } catch (err) {
    error = err;
  }
  // Pretty-printed objects one after another.
  const scanned = scanJsonValues(text);
  if (scanned.complete && scanned.values.length > 1 && parseAll(scanned.values, location, out)) return;
  if (partial) {
    readPartial(text, file, out);
    return;
  }
  const message = (error as Error).message;
  const where = positionOf(text, firstLine);
  throw new InputError(
    'input/invalid-json',
    file,
    `${file}${where}: invalid JSON (${message}). Check that the file is complete and is JSON, NDJSON or a {"Records":[…]} file, or pass --input-format.`,
    { cause: error },
  );
}

const ENVELOPE_PREFIX = /^\s*(?:\[|\{\s*"Records"\s*:\s*\[)/;

/** For a sample: the complete leading elements of an array or Records envelope cut off by the head limit. */
function readPartial(text: string, file: string, out: ReaderItem[]): void {
  const match = ENVELOPE_PREFIX.exec(text);
  if (match === null) return;
  const { values } = scanJsonValues(text, match[0].length);
  for (let i = 0; i < values.length; i++) {
    try {
      out.push({ kind: 'json', value: JSON.parse(values[i] as string), location: { file, index: i } });
    } catch {
      return;
    }
  }
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

function invalid(file: string, line: number, raw: string, message: string, code: string): ReaderItem {
  return {
    kind: 'issue',
    outcome: 'rejected',
    code,
    reason: `line is not valid JSON: ${message}`,
    location: { file, line },
    raw: snippet(raw),
  };
}

function pushInvalid(out: ReaderItem[], file: string, line: number, raw: string, message: string): boolean {
  out.push(invalid(file, line, raw, message, 'json/invalid-base64-gzip'));
  return true;
}

function tooLarge(file: string): InputError {
  return new InputError(
    'input/json-too-large',
    file,
    `${file}: a JSON document larger than ${JSON_DOCUMENT_LIMIT / (1024 * 1024)} MiB cannot be read whole. Split it or convert it to NDJSON (one JSON value per line).`,
  );
}
