import { decodeUtf8 } from './text-decode.js';

/** A line longer than the limit: only its beginning is kept, for the rejects sink. */
export interface LongLine {
  readonly tooLong: true;
  /** The first ~1 KiB of the line. */
  readonly head: string;
  /** Its full length in characters (UTF-16 code units). */
  readonly length: number;
}

/** A line holding bytes that are not UTF-8 (each bad sequence shows as U+FFFD in `text`). */
export interface InvalidLine {
  readonly invalidUtf8: true;
  readonly text: string;
}

export type Line = string | LongLine | InvalidLine;

/** Consecutive lines; `firstLine` is the 1-based number of `lines[0]`. */
export interface LineBatch {
  firstLine: number;
  lines: Line[];
}

export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;
export const RAW_SNIPPET_LENGTH = 1024;
/**
 * Records handed on together by a reader. Small on purpose: a batch stays alive until its last record
 * is written, and with 1000 VPC rows per batch every young-generation GC copied megabytes of records
 * still waiting and promoted them to the old generation (GC took ~20% of a run; with 100, ~4%).
 */
export const BATCH_SIZE = 100;

/**
 * Splits a byte stream into text lines (`\n` or `\r\n`; a last line without newline counts).
 * UTF-8 characters split across chunks are decoded whole and a byte order mark at the start is dropped
 * (`decodeUtf8`); a line with bytes that are not UTF-8 comes out as an InvalidLine. A line over
 * `maxLineLength` is not buffered: its first KiB is kept and the rest is skipped up to the next newline,
 * so one giant line cannot blow up memory. When the input fails (a truncated gzip), the lines read
 * before the failure, the unfinished last one included, are handed on before the error.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
  batchSize: number = BATCH_SIZE,
): AsyncGenerator<LineBatch> {
  // The unfinished line carried over from earlier chunks, as pieces (joined once when it ends).
  let pending: string[] = [];
  let pendingLength = 0;
  // The current piece of text has bytes that are not UTF-8; the unfinished line has some.
  let pieceInvalid = false;
  let pendingInvalid = false;
  // Set while skipping the rest of an over-long line.
  let longHead: string | null = null;
  let longLength = 0;
  let lineNumber = 1;
  let batch: Line[] = [];
  let batchFirst = 1;

  const finishLine = (text: string, start: number, end: number): void => {
    let line: Line;
    if (longHead !== null) {
      line = { tooLong: true, head: longHead, length: longLength + (end - start) };
      longHead = null;
      longLength = 0;
    } else {
      let s = pendingLength === 0 ? text.slice(start, end) : pending.join('') + text.slice(start, end);
      pending = [];
      pendingLength = 0;
      if (s.length > 0 && s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
      line = (pieceInvalid || pendingInvalid) && s.includes('\uFFFD') ? { invalidUtf8: true, text: s } : s;
    }
    pendingInvalid = false;
    batch.push(line);
    lineNumber++;
  };

  const feed = function* (text: string): Generator<LineBatch> {
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      const end = nl === -1 ? n : nl;
      const pieceLength = end - pos;
      if (longHead === null && pendingLength + pieceLength > maxLineLength) {
        // Switch to skipping: keep the beginning for the reject, drop the rest.
        longHead = headOf(pending, text.slice(pos, pos + RAW_SNIPPET_LENGTH));
        longLength = pendingLength;
        pending = [];
        pendingLength = 0;
        if (nl === -1) {
          longLength += pieceLength;
          return;
        }
        finishLine(text, pos, end);
      } else if (nl === -1) {
        if (longHead !== null) longLength += pieceLength;
        else {
          pending.push(text.slice(pos));
          pendingLength += pieceLength;
          if (pieceInvalid) pendingInvalid = true;
        }
        return;
      } else {
        finishLine(text, pos, end);
      }
      pos = nl + 1;
      if (batch.length >= batchSize) {
        yield { firstLine: batchFirst, lines: batch };
        batch = [];
        batchFirst = lineNumber;
      }
    }
  };

  try {
    for await (const piece of decodeUtf8(chunks)) {
      pieceInvalid = piece.invalidUtf8;
      yield* feed(piece.text);
    }
  } catch (err) {
    if (pendingLength > 0 || longHead !== null) finishLine('', 0, 0);
    if (batch.length > 0) yield { firstLine: batchFirst, lines: batch };
    throw err;
  }
  if (pendingLength > 0 || longHead !== null) finishLine('', 0, 0);
  if (batch.length > 0) yield { firstLine: batchFirst, lines: batch };
}

/** The first RAW_SNIPPET_LENGTH characters of the pieces and then `more`, without joining them all. */
export function headOf(pieces: readonly string[], more: string): string {
  const head: string[] = [];
  let length = 0;
  for (const piece of [...pieces, more]) {
    head.push(piece.slice(0, RAW_SNIPPET_LENGTH - length));
    length += piece.length;
    if (length >= RAW_SNIPPET_LENGTH) break;
  }
  return head.join('');
}
