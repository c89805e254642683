/**
 * `npm start`: the local stack, for now ingestion only. Starts Azurite in memory, uploads the sample collector
 * output from ../shared/reference/azureml/data (raw_mdc_data, uri_folder_iris_*) to the collector container as
 * `samples/default/<folder>/yyyy/MM/dd/HH/*.jsonl`, runs every blob through the blob trigger's handler (with a real
 * InvocationContext, as the host would), prints what was stored, and exits.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Default import: @azure/functions is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
import azureFunctions from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { IngestOutcome } from '../src/core/ingest/ingestBlob.js';
import { exampleRows, outcomeLine, totals, totalsLine } from '../src/cli/ingestSummary.js';
import { startAzurite } from './azurite.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(REPO, '..', 'shared', 'reference', 'azureml', 'data');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

async function main(): Promise<void> {
  const folders = readdirSync(DATA).filter((n) => n === 'raw_mdc_data' || n.startsWith('uri_folder_iris_'));
  if (folders.length === 0) throw new Error(`no sample collector data in ${DATA}`);
  process.stdout.write('Starting Azurite in memory…\n');
  const azurite = await startAzurite();
  try {
    process.env.AzureWebJobsStorage = azurite.connectionString;
    process.env.COLLECTOR_CONTAINER ??= 'modeldatacollector';
    process.env.CURATED_CONTAINER ??= 'curated';
    // The function modules read all app settings at import (host start-up), not only ingestion's.
    process.env.RESULTS_CONTAINER ??= 'results';
    const collector = process.env.COLLECTOR_CONTAINER;
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient(collector);
    await container.createIfNotExists();
    const names: string[] = [];
    for (const folder of folders) {
      for (const file of filesUnder(path.join(DATA, folder))) {
        const rel = path.relative(path.join(DATA, folder), file).split(path.sep).join('/');
        const name = `samples/default/${folder}/${rel}`;
        await container.getBlockBlobClient(name).uploadData(readFileSync(file));
        names.push(name);
      }
    }
    process.stdout.write(
      `Uploaded ${names.length} blobs from ${folders.length} sample folders to '${collector}'.\n\n`,
    );

    // Loaded only now: outside a Functions host the library warns that it runs in test mode; that is expected here.
    const warn = console.warn;
    console.warn = () => undefined;
    const { ingestCollectorBlob } = await import('../src/functions/ingestCollectorBlob.js');
    console.warn = warn;

    const outcomes: IngestOutcome[] = [];
    for (const name of names) {
      const context = new azureFunctions.InvocationContext({
        invocationId: `start-${String(outcomes.length)}`,
        functionName: 'ingestCollectorBlob',
        triggerMetadata: { name, blobTrigger: `${collector}/${name}` },
        logHandler: () => undefined,
      });
      const o = await ingestCollectorBlob(undefined, context);
      outcomes.push(o);
      if (o.status === 'skipped') continue;
      process.stdout.write(`${outcomeLine(o)}\n`);
      for (const line of exampleRows(o, 2)) process.stdout.write(`${line}\n`);
      if (o.status === 'ingested')
        for (const q of o.quarantine)
          process.stdout.write(`    quarantined line ${q.line}: ${q.reason}: ${q.message}\n`);
    }
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    const curated: string[] = [];
    for await (const b of service.getContainerClient(process.env.CURATED_CONTAINER).listBlobsFlat())
      curated.push(b.name);
    process.stdout.write(
      `\n${totalsLine(totals(outcomes))}; ${skipped} non-.jsonl blobs skipped (dataref files)\n` +
        `'${process.env.CURATED_CONTAINER}' now holds ${curated.filter((n) => n.endsWith('.arrow')).length} Arrow partitions ` +
        `and ${curated.filter((n) => n.startsWith('quarantine/')).length} quarantine blobs.\n`,
    );
  } finally {
    await azurite.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
