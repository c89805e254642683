/**
 * Every collector file of the Azure ML reference data ingests through the blob trigger handler against Azurite,
 * with a real InvocationContext; rows, correlation ids and values are checked against the files themselves.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvocationContext } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { tableClientFromConnectionString, tableLedger } from '../../src/adapters/table-ledger.js';
import { arrowBytesToTable } from '../../src/core/data/arrow.js';
import { rolesFromSchemaMetadata } from '../../src/core/data/collector.js';
import { getColumn, valueAt, type Column } from '../../src/core/data/table.js';
import { expectedFromFile } from '../helpers/collector-expectations.js';
import { AZUREML_DATA_DIR } from '../helpers/paths.js';

const COLLECTOR = 'refcollector';
const CURATED = 'refcurated';
const LEDGER = 'refledger';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const folders = readdirSync(AZUREML_DATA_DIR).filter(
  (n) => n === 'raw_mdc_data' || n.startsWith('uri_folder_'),
);
// Each reference folder is one collection of a sample deployment: samples/default/<folder>/yyyy/MM/dd/HH/...
const uploads = folders.flatMap((folder) =>
  filesUnder(path.join(AZUREML_DATA_DIR, folder)).map((file) => ({
    file,
    blobName: `samples/default/${folder}/${path.relative(path.join(AZUREML_DATA_DIR, folder), file).split(path.sep).join('/')}`,
  })),
);
const jsonl = uploads.filter((u) => u.file.endsWith('.jsonl'));

function expectedCell(column: Column, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (column.type === 'string') return typeof v === 'string' ? v : JSON.stringify(v);
  return v;
}

let ingestCollectorBlob: (typeof import('../../src/functions/ingestCollectorBlob.js'))['ingestCollectorBlob'];

describe('ingestCollectorBlob over the Azure ML reference collector data', () => {
  const conn = inject('storageConnectionString');
  const service = BlobServiceClient.fromConnectionString(conn);

  beforeAll(async () => {
    process.env.AzureWebJobsStorage = conn;
    process.env.COLLECTOR_CONTAINER = COLLECTOR;
    process.env.CURATED_CONTAINER = CURATED;
    process.env.INGEST_LEDGER_TABLE = LEDGER;
    process.env.RESULTS_CONTAINER = 'refresults';
    delete process.env.INGEST_MAX_LINE_BYTES;
    // The function module reads the app settings once, at import (host start-up), so import it after setting them.
    ({ ingestCollectorBlob } = await import('../../src/functions/ingestCollectorBlob.js'));
    const container = service.getContainerClient(COLLECTOR);
    await container.createIfNotExists();
    for (const u of uploads) await container.getBlockBlobClient(u.blobName).uploadData(readFileSync(u.file));
  });

  it('finds the reference files (raw_mdc_data and uri_folder_*)', () => {
    expect(folders).toContain('raw_mdc_data');
    expect(folders.filter((f) => f.startsWith('uri_folder_')).length).toBeGreaterThanOrEqual(5);
    expect(jsonl.length).toBeGreaterThanOrEqual(20);
  });

  it.each(jsonl.map((u) => [path.relative(AZUREML_DATA_DIR, u.file), u] as const))(
    '%s',
    async (_label, u) => {
      const expected = expectedFromFile(u.file);
      const context = new InvocationContext({
        invocationId: `test-${u.blobName}`,
        functionName: 'ingestCollectorBlob',
        triggerMetadata: { name: u.blobName, blobTrigger: `${COLLECTOR}/${u.blobName}` },
      });
      const outcome = await ingestCollectorBlob(readFileSync(u.file), context);
      expect(outcome.status).toBe('ingested');
      if (outcome.status !== 'ingested') return;
      expect(outcome.counts.rowsWritten).toBe(expected.rows.length);
      expect(outcome.counts.linesQuarantined).toBe(expected.badLines.length);
      expect(outcome.quarantine.map((q) => q.line)).toEqual(expected.badLines);
      expect(outcome.counts.rowsIn).toBe(outcome.counts.rowsWritten + outcome.counts.rowsQuarantined);

      // The partition in the curated container, decoded back.
      const partitionName = u.blobName.replace(/\.jsonl$/, '.arrow');
      expect(outcome.partition).toBe(partitionName);
      const bytes = await service
        .getContainerClient(CURATED)
        .getBlockBlobClient(partitionName)
        .downloadToBuffer();
      const { table, schemaMetadata } = arrowBytesToTable(new Uint8Array(bytes));
      const roles = rolesFromSchemaMetadata(schemaMetadata);
      expect(roles).toBeDefined();
      expect(table.rowCount).toBe(expected.rows.length);
      const cid = getColumn(table, roles!.correlationid)!;
      const time = getColumn(table, roles!.time)!;
      expected.rows.forEach((row, i) => {
        expect(valueAt(cid, i)).toBe(row.correlationid);
        expect(valueAt(time, i)).toBe(row.time);
        for (const [k, v] of Object.entries(row.values)) {
          const col = getColumn(table, k)!;
          expect(valueAt(col, i), `${k} row ${i}`).toEqual(expectedCell(col, v));
        }
      });

      // The ledger entry for this exact version.
      const ledger = tableLedger(tableClientFromConnectionString(conn, LEDGER));
      const entry = await ledger.get(`${COLLECTOR}/${u.blobName}`, outcome.etag);
      expect(entry).toMatchObject({
        rowsIn: outcome.counts.rowsIn,
        rowsWritten: expected.rows.length,
        linesQuarantined: expected.badLines.length,
      });
    },
  );

  it('skips non-.jsonl blobs of the container (dataref files, other JSON)', async () => {
    const others = uploads.filter((u) => !u.file.endsWith('.jsonl'));
    expect(others.length).toBeGreaterThan(0);
    for (const u of others) {
      const context = new InvocationContext({
        functionName: 'ingestCollectorBlob',
        triggerMetadata: { name: u.blobName },
      });
      expect((await ingestCollectorBlob(undefined, context)).status).toBe('skipped');
    }
  });
});
