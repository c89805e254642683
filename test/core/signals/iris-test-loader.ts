/**
 * TEST-ONLY loader for the iris reference artifacts: a minimal CSV reader (numbers or strings, no quoting) and
 * a minimal collector-folder reader (every `*.jsonl` line's `data` array, or its `dataref` file from `files/`).
 * The real CSV/MLTable/collector readers live in src/core/data (other helpers); this stays in test/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Table } from '../../../src/core/data/table.js';
import { TableBuilder } from '../../../src/core/data/table.js';

export function testLoadCsv(file: string): Table {
  const [header, ...lines] = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const names = (header ?? '').split(',');
  const b = new TableBuilder();
  for (const line of lines) {
    const cells = line.split(',');
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const cell = cells[i] ?? '';
      const num = Number(cell);
      row[n] = cell === '' ? null : Number.isFinite(num) ? num : cell;
    });
    b.addRow(row);
  }
  return b.finish();
}

function jsonlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? jsonlFiles(p) : e.name.endsWith('.jsonl') ? [p] : [];
    })
    .sort();
}

export function testLoadCollectorFolder(dir: string): Table {
  const b = new TableBuilder();
  for (const file of jsonlFiles(dir)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const rec = JSON.parse(line) as { data?: unknown; dataref?: string; correlationid?: string };
      const rows: unknown =
        rec.data ??
        (rec.dataref
          ? JSON.parse(
              fs.readFileSync(path.join(path.dirname(file), 'files', path.basename(rec.dataref)), 'utf8'),
            )
          : []);
      (Array.isArray(rows) ? rows : [rows]).forEach((r: unknown, i) => {
        b.addRow({ ...(r as Record<string, unknown>), correlationid: `${rec.correlationid ?? ''}_${i}` });
      });
    }
  }
  return b.finish();
}
