import type { RowRecord, TextInputHints } from '../plugin/types.js';
import { firstNonBlank, looksLikeHeader, splitFields } from './fields.js';
import { lineIssue } from './issues.js';
import type { LineBatch } from './lines.js';
import type { ReaderItem } from './types.js';

/**
 * Space-separated text (VPC Flow Logs as delivered to S3). Blank lines are not records; `#` lines are
 * skipped comments. The first data line is a header when the hint (or `looksLikeHeader`) says so; its
 * tokens become the `columns` array shared by every following row. A later line identical to the header
 * (some tools repeat it before every record) is skipped as `reader/repeated-header`.
 */
export async function* readText(
  batches: AsyncIterable<LineBatch>,
  file: string,
  hints: TextInputHints | undefined,
  linesOnly = false,
): AsyncGenerator<ReaderItem[]> {
  const isHeader = hints?.isHeader ?? looksLikeHeader;
  let decided = false;
  let columns: readonly string[] | null = null;
  for await (const { firstLine, lines } of batches) {
    const out: ReaderItem[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as LineBatch['lines'][number];
      const lineNumber = firstLine + i;
      if (typeof line !== 'string') {
        out.push(lineIssue(line, file, lineNumber));
        continue;
      }
      const first = firstNonBlank(line);
      if (first === -1) continue;
      if (line.charCodeAt(first) === 35 /* # */) {
        out.push({
          kind: 'issue',
          outcome: 'skipped',
          code: 'reader/comment',
          reason: 'comment line',
          location: { file, line: lineNumber },
          raw: line,
        });
        continue;
      }
      if (decided && linesOnly) {
        // Only a line that starts with the header's first name can repeat the header: split just those.
        if (columns !== null && startsWithToken(line, columns[0] as string) && sameTokens(splitFields(line), columns)) {
          out.push(repeatedHeader(file, lineNumber, line));
          continue;
        }
        out.push({ kind: 'row', columns, values: NO_VALUES, location: { file, line: lineNumber }, text: line });
        continue;
      }
      const tokens = splitFields(line);
      if (!decided) {
        decided = true;
        if (isHeader(tokens)) {
          columns = tokens;
          continue;
        }
      } else if (columns !== null && sameTokens(tokens, columns)) {
        out.push(repeatedHeader(file, lineNumber, line));
        continue;
      }
      const values = linesOnly ? NO_VALUES : tokens;
      const row: RowRecord = { kind: 'row', columns, values, location: { file, line: lineNumber }, text: line };
      out.push(row);
    }
    if (out.length > 0) yield out;
  }
}

/** The `values` of rows read as lines only (`textRows: 'lines'`): shared, never written to. */
const NO_VALUES: readonly string[] = Object.freeze([]);

function repeatedHeader(file: string, line: number, raw: string): ReaderItem {
  return {
    kind: 'issue',
    outcome: 'skipped',
    code: 'reader/repeated-header',
    reason: 'the header line repeated inside the file',
    location: { file, line },
    raw,
  };
}

/** Whether the first of `line`'s fields (as splitFields splits them) is `token`. */
function startsWithToken(line: string, token: string): boolean {
  let at = 0;
  while (line.charCodeAt(at) === 32 || line.charCodeAt(at) === 9) at++;
  if (!line.startsWith(token, at)) return false;
  const next = line.charCodeAt(at + token.length);
  return Number.isNaN(next) || next === 32 || next === 9;
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a[0] !== b[0]) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
