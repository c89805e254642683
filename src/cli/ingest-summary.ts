/** Human-readable lines for ingestion outcomes (CLI and `npm start`). */
import type { IngestOutcome } from '../core/ingest/ingest-blob.js';
import { valueAt } from '../core/data/table.js';

export function outcomeLine(o: IngestOutcome): string {
  switch (o.status) {
    case 'ingested': {
      const c = o.counts;
      return (
        `ingested  ${o.blobName}: rows in ${c.rowsIn}, written ${c.rowsWritten}, quarantined ${c.rowsQuarantined}` +
        ` (${c.linesQuarantined} lines) → ${o.partition}${o.quarantineBlob ? ` + ${o.quarantineBlob}` : ''}`
      );
    }
    case 'duplicate':
      return `unchanged ${o.blobName}: this version (${o.etag}) was already ingested`;
    case 'skipped':
      return `skipped   ${o.blobName}: ${o.reason}`;
    case 'missing':
      return `missing   ${o.blobName}`;
    case 'rejected':
      return `rejected  ${o.blobName}: ${o.message}`;
  }
}

export interface Totals {
  blobs: number;
  ingested: number;
  rowsIn: number;
  rowsWritten: number;
  rowsQuarantined: number;
  linesQuarantined: number;
}

export function totals(outcomes: readonly IngestOutcome[]): Totals {
  const t: Totals = {
    blobs: outcomes.length,
    ingested: 0,
    rowsIn: 0,
    rowsWritten: 0,
    rowsQuarantined: 0,
    linesQuarantined: 0,
  };
  for (const o of outcomes) {
    if (o.status !== 'ingested') continue;
    t.ingested++;
    t.rowsIn += o.counts.rowsIn;
    t.rowsWritten += o.counts.rowsWritten;
    t.rowsQuarantined += o.counts.rowsQuarantined;
    t.linesQuarantined += o.counts.linesQuarantined;
  }
  return t;
}

export function totalsLine(t: Totals): string {
  return (
    `${t.blobs} blobs, ${t.ingested} ingested: rows in ${t.rowsIn}, written ${t.rowsWritten}, ` +
    `quarantined ${t.rowsQuarantined} (${t.linesQuarantined} lines)`
  );
}

/** Up to `n` example rows of an ingested blob, correlation id first, long values shortened. */
export function exampleRows(o: IngestOutcome, n: number, width = 60): string[] {
  if (o.status !== 'ingested') return [];
  const { table, roles } = o;
  const cols = [
    ...table.columns.filter((c) => c.name === roles.correlationid),
    ...table.columns.filter((c) => c.name !== roles.correlationid),
  ];
  const lines: string[] = [];
  for (let i = 0; i < Math.min(n, table.rowCount); i++) {
    const cells = cols.map((c) => {
      const v = valueAt(c, i);
      let s = v === null ? 'null' : typeof v === 'string' ? v : String(v);
      if (s.length > width) s = `${s.slice(0, width - 1)}…`;
      return `${c.name}=${s}`;
    });
    lines.push(`    ${cells.join('  ')}`);
  }
  return lines;
}
