import type { InputFormat } from '../plugin/types.js';
import { firstNonBlank } from './fields.js';

/**
 * Guesses the record format from the decompressed head of an input (Parquet is recognised earlier,
 * by its magic bytes). JSON starts with `{` or `[` (or is base64 of gzip, `H4sI…`, as Firehose
 * delivers CloudWatch Logs); CSV has commas on its first line and no spaces between tokens; anything
 * else is space-separated text.
 */
export function sniffFormat(head: string): InputFormat {
  let start = 0;
  let line = '';
  while (start < head.length) {
    const nl = head.indexOf('\n', start);
    const end = nl === -1 ? head.length : nl;
    line = head.slice(start, end);
    if (firstNonBlank(line) !== -1) break;
    line = '';
    start = end + 1;
  }
  const first = firstNonBlank(line);
  if (first === -1) return 'text';
  const c = line.charCodeAt(first);
  if (c === 123 /* { */ || c === 91 /* [ */) return 'json';
  if (line.startsWith('H4sI', first)) return 'json';
  const content = line.trim();
  if (content.includes(',') && !content.includes(' ') && !content.includes('\t')) return 'csv';
  // A quoted header such as "a","b c" has spaces inside quotes.
  if (content.charCodeAt(0) === 34 /* " */ && content.includes('","')) return 'csv';
  return 'text';
}
