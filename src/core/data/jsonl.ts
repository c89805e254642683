/**
 * JSON Lines → Table: one JSON object per line, keys become columns (first-seen order), types inferred by the
 * TableBuilder as Spark's JSON reader would. Lines that are not JSON objects are issues; with
 * `invalidLines: 'error'` (MLTable's default) the caller treats any issue as fatal, with 'drop' they are skipped.
 * This is for plain tabular JSONL; data-collector lines (CloudEvents with a `data` array) use the collector parser.
 */
import { TableBuilder, type Table } from './table.js';
import type { TextIssue } from './csv.js';

export function parseJsonLines(text: string): { table: Table; issues: readonly TextIssue[] } {
  const builder = new TableBuilder();
  const issues: TextIssue[] = [];
  let lineNo = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      issues.push({
        line: lineNo,
        message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({
        line: lineNo,
        message: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}`,
      });
      continue;
    }
    builder.addRow(value as Record<string, unknown>);
  }
  return { table: builder.finish(), issues };
}
