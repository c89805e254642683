/**
 * Independent expectations for collector files, computed straight from the files with JSON.parse (not with the
 * code under test): which lines are good, how many rows each gives, their correlation ids and values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ExpectedRow {
  readonly correlationid: string;
  readonly time: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface ExpectedBlob {
  readonly rows: ExpectedRow[];
  /** 1-based numbers of lines expected in quarantine. */
  readonly badLines: number[];
  readonly nonBlankLines: number;
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    // The one documented leniency: a trailing comma after the record.
    const t = line.trimEnd();
    if (!t.endsWith(',')) return undefined;
    try {
      return JSON.parse(t.slice(0, -1));
    } catch {
      return undefined;
    }
  }
}

/** `file` is a local collector .jsonl; datarefs resolve to a file of the same name in its folder. */
export function expectedFromFile(file: string): ExpectedBlob {
  const text = readFileSync(file, 'utf8');
  const rows: ExpectedRow[] = [];
  const badLines: number[] = [];
  let nonBlankLines = 0;
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    nonBlankLines++;
    const rec = tryParse(line) as Record<string, unknown> | undefined;
    if (!rec || typeof rec !== 'object') {
      badLines.push(i + 1);
      return;
    }
    let data = rec.data;
    if (data === undefined && typeof rec.dataref === 'string') {
      const local = path.join(path.dirname(file), path.basename(rec.dataref));
      data = JSON.parse(readFileSync(local, 'utf8'));
    }
    if (!Array.isArray(data)) throw new Error(`test expectation: ${file}:${i + 1} has no row array`);
    data.forEach((row: Record<string, unknown>, j) => {
      rows.push({ correlationid: `${String(rec.correlationid)}_${j}`, time: String(rec.time), values: row });
    });
  });
  return { rows, badLines, nonBlankLines };
}
