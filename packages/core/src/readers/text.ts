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
      const tokens = splitFields(line);
      if (!decided) {
        decided = true;
        if (isHeader(tokens)) {
          columns = tokens;
          continue;
        }
      } else if (columns !== null && sameTokens(tokens, columns)) {
        out.push({
          kind: 'issue',
          outcome: 'skipped',
          code: 'reader/repeated-header',
          reason: 'the header line repeated inside the file',
          location: { file, line: lineNumber },
          raw: line,
        });
        continue;
      }
      const row: RowRecord = { kind: 'row', columns, values: tokens, location: { file, line: lineNumber }, text: line };
      out.push(row);
    }
    if (out.length > 0) yield out;
  }
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a[0] !== b[0]) return false;
  for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
