/** What every data reader returns: a table with notes, or the problems (bad data is a value, not a throw). */
import type { Table } from './table.js';

export interface DataIssue {
  /** What the issue is about: a file path, a reference, or a YAML-like key path in an MLTable file. */
  readonly path: string;
  /** 1-based line in that file, when known. */
  readonly line?: number;
  readonly message: string;
  /** A stable code for callers that branch on the kind of problem. */
  readonly code?: 'no_data' | 'not_found' | 'unsupported' | 'invalid';
}

export type ReadResult =
  | {
      readonly ok: true;
      readonly table: Table;
      /** Things the user should know (e.g. "no timestamp column: the whole table was used"). */
      readonly notes: readonly string[];
      /** Arrow schema metadata of collector partitions (e.g. `modelmonitor.roles`), when read from them. */
      readonly schemaMetadata?: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly issues: readonly DataIssue[] };

export function ok(table: Table, notes: readonly string[] = []): ReadResult {
  return { ok: true, table, notes };
}

export function fail(...issues: DataIssue[]): ReadResult {
  return { ok: false, issues };
}

/** Formats issues as one message per line: `path:line: message`. */
export function formatIssues(issues: readonly DataIssue[]): string {
  return issues.map((i) => `${i.path}${i.line === undefined ? '' : `:${i.line}`}: ${i.message}`).join('\n');
}
