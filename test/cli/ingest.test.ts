/** `model-monitor ingest` over a local folder and over container/prefix in Azurite. */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { Command } from 'commander';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/ingest.js';
import { arrowBytesToTable } from '../../src/core/data/arrow.js';
import { expectedFromFile } from '../helpers/collector-expectations.js';
import { AZUREML_DATA_DIR } from '../helpers/paths.js';

const SRC = path.join(AZUREML_DATA_DIR, 'uri_folder_iris_model_inputs_with_drift');

function jsonlUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? jsonlUnder(p) : p.endsWith('.jsonl') ? [p] : [];
  });
}

async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const program = new Command('model-monitor').exitOverride();
    register(program);
    await program.parseAsync(['node', 'model-monitor', 'ingest', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => {
  delete process.env.AzureWebJobsStorage;
});

describe('model-monitor ingest', () => {
  it('ingests a local collection folder into --out', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'mm-ingest-'));
    const text = await run([SRC, '--collection', 'iris/blue/model_inputs', '--out', out, '--quiet']);
    const files = jsonlUnder(SRC);
    const expectedRows = files.reduce((n, f) => n + expectedFromFile(f).rows.length, 0);
    expect(text).toContain(`rows in ${expectedRows}, written ${expectedRows}`);
    for (const f of files) {
      const rel = path
        .relative(SRC, f)
        .split(path.sep)
        .join('/')
        .replace(/\.jsonl$/, '.arrow');
      const bytes = readFileSync(path.join(out, 'iris', 'blue', 'model_inputs', ...rel.split('/')));
      expect(arrowBytesToTable(bytes).table.rowCount).toBe(expectedFromFile(f).rows.length);
    }
  });

  it('ingests container/prefix from AzureWebJobsStorage, and a re-run finds nothing new', async () => {
    const conn = inject('storageConnectionString');
    const container = `cli${Date.now().toString(36)}`;
    const c = BlobServiceClient.fromConnectionString(conn).getContainerClient(container);
    await c.createIfNotExists();
    const files = jsonlUnder(SRC);
    for (const f of files) {
      const rel = path.relative(SRC, f).split(path.sep).join('/');
      await c.getBlockBlobClient(`iris/blue/model_inputs/${rel}`).uploadData(readFileSync(f));
    }
    process.env.AzureWebJobsStorage = conn;
    process.env.CURATED_CONTAINER = `${container}cur`;
    process.env.INGEST_LEDGER_TABLE = `${container}ledger`;
    const first = await run([`${container}/iris/blue/`]);
    expect(first.match(/^ingested /gm)).toHaveLength(files.length);
    const second = await run([`${container}/iris/blue/`]);
    expect(second.match(/^unchanged /gm)).toHaveLength(files.length);
  });
});
