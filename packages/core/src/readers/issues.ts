import type { LongLine } from './lines.js';
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

/** Shortens raw text for the rejects sink. */
export function snippet(text: string): string {
  return text.length > RAW_SNIPPET_LENGTH ? text.slice(0, RAW_SNIPPET_LENGTH) : text;
}
