import type { RecordLocation } from '../plugin/types.js';
import type { InvalidLine, LongLine } from './lines.js';
import { RAW_SNIPPET_LENGTH } from './lines.js';
import type { ReaderIssue } from './types.js';

/** The reject for a line longer than `maxLineLength`. */
export function longLineIssue(line: LongLine, file: string, lineNumber: number): ReaderIssue {
  return {
    kind: 'issue',
    outcome: 'rejected',
    code: 'reader/line-too-long',
    reason: `line of ${line.length} characters is longer than the limit (maxLineLength); only its first ${RAW_SNIPPET_LENGTH} characters are kept`,
    location: { file, line: lineNumber },
    raw: line.head,
  };
}

/**
 * The reject for a record (a line, a JSON value, a CSV row, a Parquet row) holding bytes that are not UTF-8;
 * `column` names the Parquet column whose text it is.
 */
export function invalidUtf8Issue(location: RecordLocation, text: string, column?: string): ReaderIssue {
  return {
    kind: 'issue',
    outcome: 'rejected',
    code: 'input/invalid-utf8',
    reason:
      column === undefined
        ? 'the record holds bytes that are not UTF-8 (shown here as U+FFFD); fix the encoding at the source or convert the file to UTF-8'
        : `column "${column}" holds text whose bytes are not UTF-8 (shown here as U+FFFD); fix the encoding at the source or rewrite the file with UTF-8 text`,
    location,
    raw: snippet(text),
  };
}

/** A line the splitter could not hand on as text: too long, or not UTF-8. */
export function lineIssue(line: LongLine | InvalidLine, file: string, lineNumber: number): ReaderIssue {
  return 'tooLong' in line
    ? longLineIssue(line, file, lineNumber)
    : invalidUtf8Issue({ file, line: lineNumber }, line.text);
}

/** Shortens raw text for the rejects sink. */
export function snippet(text: string): string {
  return text.length > RAW_SNIPPET_LENGTH ? text.slice(0, RAW_SNIPPET_LENGTH) : text;
}
